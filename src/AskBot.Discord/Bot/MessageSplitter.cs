using System.Text.RegularExpressions;

namespace AskBot.Discord.Bot;

/// <summary>
/// Splits text into Discord messages of at most a given length, at sentence boundaries. A sentence ends at a line
/// break or at <c>. ! ?</c> (after closing quotes) followed by space, and its trailing <c>[n]</c> markers stay with it.
/// Only a sentence longer than the limit is split inside, at whitespace; a run without whitespace longer than the
/// limit is cut, but never inside a <c>[n]</c> marker.
/// </summary>
public static partial class MessageSplitter
{
    /// <summary>Splits <paramref name="text"/> into trimmed, non-empty chunks of at most <paramref name="maxChars"/> characters.</summary>
    public static IReadOnlyList<string> Split(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 16);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var chunks = new List<string>();
        var current = string.Empty;
        foreach (var sentence in Sentences(normalized))
        {
            // Each sentence carries its trailing whitespace, so appending keeps the original spacing and line breaks.
            if ((current + sentence).TrimEnd().Length <= maxChars)
            {
                current += sentence;
                continue;
            }

            Flush(chunks, ref current);
            if (sentence.TrimEnd().Length <= maxChars)
            {
                current = sentence;
                continue;
            }

            foreach (var piece in SplitLongSentence(sentence, maxChars))
            {
                if ((current + piece).TrimEnd().Length > maxChars)
                {
                    Flush(chunks, ref current);
                }

                current += piece;
            }
        }

        Flush(chunks, ref current);
        return chunks;
    }

    /// <summary>The sentences of <paramref name="text"/>, each with its trailing whitespace; their concatenation is the text.</summary>
    internal static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        foreach (Match gap in WhitespaceRegex().Matches(text))
        {
            if (IsSentenceBoundary(text, gap))
            {
                var end = gap.Index + gap.Length;
                yield return text[start..end];
                start = end;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private static bool IsSentenceBoundary(string text, Match gap)
    {
        if (gap.Value.Contains('\n', StringComparison.Ordinal))
        {
            return true;
        }

        var nextStart = gap.Index + gap.Length;
        var nextEnd = text.IndexOfAny([' ', '\t', '\n'], nextStart);
        var next = text[nextStart..(nextEnd < 0 ? text.Length : nextEnd)];
        if (MarkerRegex().IsMatch(next))
        {
            // The marker belongs to the sentence before it.
            return false;
        }

        // Walk back over marker-only words ("… Smith. [1] [2]") to the word that ends the sentence.
        var end = gap.Index;
        while (end > 0)
        {
            var wordStart = text.LastIndexOfAny([' ', '\t', '\n'], end - 1) + 1;
            var word = text[wordStart..end];
            if (EndsSentence(word))
            {
                return true;
            }

            if (!MarkerRegex().IsMatch(word))
            {
                return false;
            }

            end = wordStart;
            while (end > 0 && text[end - 1] is ' ' or '\t')
            {
                end--;
            }

            if (end > 0 && text[end - 1] == '\n')
            {
                return false;
            }
        }

        return false;
    }

    private static bool EndsSentence(string word)
    {
        var trimmed = word.TrimEnd('"', '\'', '”', '’', ')', '»');

        // "[1]." and "Smith [1]." end sentences too: strip markers glued to the punctuation's left.
        trimmed = GluedMarkerRegex().Replace(trimmed, string.Empty);
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…';
    }

    private static IEnumerable<string> SplitLongSentence(string sentence, int maxChars)
    {
        var start = 0;
        foreach (Match gap in WhitespaceRegex().Matches(sentence))
        {
            var end = gap.Index + gap.Length;
            foreach (var piece in CutWord(sentence[start..end], maxChars))
            {
                yield return piece;
            }

            start = end;
        }

        if (start < sentence.Length)
        {
            foreach (var piece in CutWord(sentence[start..], maxChars))
            {
                yield return piece;
            }
        }
    }

    private static IEnumerable<string> CutWord(string word, int maxChars)
    {
        var rest = word;
        while (rest.TrimEnd().Length > maxChars)
        {
            var cut = maxChars;

            // Move the cut before an opening '[' of a marker it would split.
            var open = rest.LastIndexOf('[', cut - 1);
            if (open > 0 && MarkerPrefixRegex().IsMatch(rest[open..]) && rest.IndexOf(']', open) >= cut)
            {
                cut = open;
            }

            yield return rest[..cut];
            rest = rest[cut..];
        }

        yield return rest;
    }

    private static void Flush(List<string> chunks, ref string current)
    {
        var trimmed = current.Trim();
        if (trimmed.Length > 0)
        {
            chunks.Add(trimmed);
        }

        current = string.Empty;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"^(\[\d+\])+[.,;:!?]?$", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"(\[\d+\])+(?=[.!?]?$)", RegexOptions.CultureInvariant)]
    private static partial Regex GluedMarkerRegex();

    [GeneratedRegex(@"^\[\d", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPrefixRegex();
}
