using System.Globalization;
using System.Text;

namespace AskBot.Cli.Output;

/// <summary>
/// Makes untrusted text (questions, corpus text, exception messages) safe to echo to a terminal: control characters
/// could ring the bell, recolour or move the cursor, and bidi overrides could reorder what the user reads.
/// </summary>
public static class TextSanitizer
{
    /// <summary>One line: newlines and tabs become spaces, runs of whitespace collapse, other controls are dropped.</summary>
    public static string SingleLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (IsUnsafe(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Multi-line text: CR/CRLF become LF, tabs and LF are kept, other controls are dropped.</summary>
    public static string MultiLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c is '\n' or '\t')
            {
                builder.Append(c);
            }
            else if (!IsUnsafe(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A question as typed, made safe to pass on and to echo: every control character (newline and tab included)
    /// becomes a space, then the ends are trimmed.
    /// </summary>
    public static string Question(string? text) => SingleLine(text).Trim();

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || IsBidiControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.LineSeparator
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.ParagraphSeparator;

    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
