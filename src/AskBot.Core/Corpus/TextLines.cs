namespace AskBot.Core.Corpus;

/// <summary>Finds the non-blank lines of a text as spans trimmed of surrounding whitespace. Line breaks are \n, \r\n or \r.</summary>
internal static class TextLines
{
    /// <summary>All non-blank lines of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Split(text, new TextSpan(0, text.Length));
    }

    /// <summary>The non-blank lines inside <paramref name="range"/>, as absolute trimmed spans.</summary>
    public static IReadOnlyList<TextSpan> Split(string text, TextSpan range)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<TextSpan>();
        var lineStart = range.Start;
        for (var i = range.Start; i <= range.End; i++)
        {
            if (i == range.End || text[i] == '\n' || text[i] == '\r')
            {
                var trimmed = Trim(text, new TextSpan(lineStart, i));
                if (trimmed.Length > 0)
                {
                    lines.Add(trimmed);
                }

                lineStart = i + 1;
            }
        }

        return lines;
    }

    /// <summary>Narrows <paramref name="span"/> so it neither starts nor ends with whitespace (empty if it is all whitespace).</summary>
    public static TextSpan Trim(string text, TextSpan span)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = span.Start;
        var end = span.End;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new TextSpan(start, end);
    }
}
