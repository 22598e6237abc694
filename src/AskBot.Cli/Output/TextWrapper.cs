using System.Text;

namespace AskBot.Cli.Output;

/// <summary>Word-wraps text for the console, keeping explicit line breaks.</summary>
public static class TextWrapper
{
    /// <summary>Wraps <paramref name="text"/> to <paramref name="width"/> columns, prefixing every line with <paramref name="indent"/>.</summary>
    public static string Wrap(string text, int width, string indent = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(indent);
        var available = Math.Max(10, width - indent.Length);
        var builder = new StringBuilder(text.Length + 16);
        var paragraphs = text.Split('\n');
        for (var p = 0; p < paragraphs.Length; p++)
        {
            if (p > 0)
            {
                builder.Append('\n');
            }

            AppendParagraph(builder, paragraphs[p], available, indent);
        }

        return builder.ToString();
    }

    private static void AppendParagraph(StringBuilder builder, string paragraph, int available, string indent)
    {
        var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return;
        }

        builder.Append(indent);
        var column = 0;
        foreach (var word in words)
        {
            // A word longer than the line (a URL) stays whole: breaking it would make it unusable.
            if (column > 0 && column + 1 + word.Length > available)
            {
                builder.Append('\n').Append(indent);
                column = 0;
            }
            else if (column > 0)
            {
                builder.Append(' ');
                column++;
            }

            builder.Append(word);
            column += word.Length;
        }
    }
}
