using System.Text;

namespace AskBot.Discord.Bot;

/// <summary>Makes corpus and answer text show as written in Discord: no accidental formatting, no mention that could ping.</summary>
public static class DiscordMarkdown
{
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>
    /// Escapes inline markdown (<c>\ * _ ~ ` | [ ]</c>), removes line breaks so a quote stays one block-quote line,
    /// and breaks mentions (see <see cref="NeutralizeMentions"/>).
    /// </summary>
    public static string EscapeQuote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                builder.Append(' ');
                continue;
            }

            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return NeutralizeMentions(builder.ToString());
    }

    /// <summary>
    /// Escapes inline markdown of answer text but keeps its <c>[n]</c> markers, line breaks and list dashes,
    /// which are the answer's own layout; mentions are broken.
    /// </summary>
    public static string EscapeAnswer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return NeutralizeMentions(builder.ToString());
    }

    /// <summary>
    /// Inserts a zero-width space into <c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>, <c>&lt;@&amp;role&gt;</c>, <c>&lt;#channel&gt;</c>,
    /// <c>@everyone</c> and <c>@here</c>, so they read as text. <c>allowed_mentions</c> is what stops pings; this keeps
    /// the text from looking like one.
    /// </summary>
    public static string NeutralizeMentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOf('@', StringComparison.Ordinal) < 0 && text.IndexOf("<#", StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            builder.Append(c);
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '<' && (next == '@' || next == '#'))
            {
                builder.Append(ZeroWidthSpace);
            }
            else if (c == '@' && (StartsWithWord(text, i + 1, "everyone") || StartsWithWord(text, i + 1, "here")))
            {
                builder.Append(ZeroWidthSpace);
            }
        }

        return builder.ToString();
    }

    private static bool StartsWithWord(string text, int index, string word)
        => index + word.Length <= text.Length && string.CompareOrdinal(text, index, word, 0, word.Length) == 0;
}
