using System.Collections.Frozen;
using AskBot.Core.Corpus;

namespace AskBot.Core.Chunking;

/// <summary>
/// Splits text into sentences as absolute, whitespace-trimmed spans. A line break always ends a sentence; ".", "?", "!" and "…"
/// end one when followed by whitespace and a capital, digit, quote or bracket, except after abbreviations and initials
/// ("U.S.", "Gen.", "St. Petersburg", "John P. Smith", "No. 1"). Closing quotes and brackets after the mark stay in the sentence.
/// </summary>
internal sealed class SentenceSplitter
{
    // Words that are abbreviated before a name, number or date and so rarely end a sentence.
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.ToFrozenSet(
        [
            "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "adm", "cmdr",
            "gov", "sen", "rep", "pres", "supt", "insp", "det", "st", "mt", "ft", "jr", "sr", "rev", "hon", "fr",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
            "vs", "v", "vol", "pp", "fig", "approx", "est", "dept", "univ", "ave", "blvd", "cf", "al",
        ],
        StringComparer.OrdinalIgnoreCase);

    // Abbreviations that only precede a number ("No. 1", "Art. 5").
    private static readonly FrozenSet<string> NumberAbbreviations = FrozenSet.ToFrozenSet(
        ["no", "nos", "art", "sec", "ch", "p"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Sentences of the whole <paramref name="text"/>.</summary>
    public IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return this.Split(text, new TextSpan(0, text.Length));
    }

    /// <summary>Sentences inside <paramref name="span"/> of <paramref name="text"/>, as absolute spans in order.</summary>
    public IReadOnlyList<TextSpan> Split(string text, TextSpan span)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (span.Start < 0 || span.End > text.Length || span.Start > span.End)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "Span lies outside the text.");
        }

        var sentences = new List<TextSpan>();
        var start = span.Start;
        var i = span.Start;
        while (i < span.End)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                AddTrimmed(text, start, i, sentences);
                start = i + 1;
                i++;
                continue;
            }

            if (c is '.' or '?' or '!' or '…')
            {
                var end = EndOfTerminator(text, i, span.End);
                if (EndsSentence(text, i, end, span.End))
                {
                    AddTrimmed(text, start, end, sentences);
                    start = end;
                }

                i = end;
                continue;
            }

            i++;
        }

        AddTrimmed(text, start, span.End, sentences);
        return sentences;
    }

    private static int EndOfTerminator(string text, int index, int limit)
    {
        var end = index + 1;
        while (end < limit && text[end] is '.' or '?' or '!' or '…')
        {
            end++;
        }

        while (end < limit && text[end] is '"' or '\'' or '”' or '’' or ')' or ']' or '»')
        {
            end++;
        }

        return end;
    }

    private static bool EndsSentence(string text, int markIndex, int end, int limit)
    {
        if (end >= limit || text[end] is '\n' or '\r')
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[end]))
        {
            // "U.S.-led", "3.5", "c.2024", "ACME-K.(" — no break without a following space.
            return false;
        }

        var next = end;
        while (next < limit && char.IsWhiteSpace(text[next]) && text[next] is not '\n' and not '\r')
        {
            next++;
        }

        if (next >= limit || text[next] is '\n' or '\r')
        {
            return true;
        }

        var starter = text[next];
        var startsSentence = char.IsUpper(starter)
            || char.IsDigit(starter)
            || (char.IsLetter(starter) && !char.IsLower(starter))
            || starter is '"' or '“' or '\'' or '‘' or '(' or '[' or '«';
        if (!startsSentence)
        {
            return false;
        }

        // Only a lone period can be an abbreviation; "?", "!", "…" and "..." always qualify.
        return text[markIndex] != '.' || (markIndex + 1 < end && text[markIndex + 1] is '.' or '?' or '!' or '…')
            || !IsAbbreviation(text, markIndex, starter);
    }

    private static bool IsAbbreviation(string text, int dotIndex, char nextStart)
    {
        var wordStart = dotIndex;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var length = dotIndex - wordStart;
        if (length == 0)
        {
            return false;
        }

        var before = wordStart > 0 ? text[wordStart - 1] : ' ';
        if (before == '.')
        {
            // Dotted acronyms and abbreviations: "U.S.", "U.N.", "e.g.", "p.m.".
            return length <= 2;
        }

        var standsAlone = char.IsWhiteSpace(before) || before is '(' or '"' or '“' or '\'' or '‘' or '[';
        if (!standsAlone)
        {
            // "ACME-K." or "al-Andalus." end a word that is not an abbreviation.
            return false;
        }

        var word = text.AsSpan(wordStart, length);
        if (length == 1 && char.IsUpper(word[0]))
        {
            // An initial: "John P. Smith", "Victor J. Blue".
            return true;
        }

        var lookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(word))
        {
            return true;
        }

        return char.IsDigit(nextStart) && NumberAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    private static void AddTrimmed(string text, int start, int end, List<TextSpan> sentences)
    {
        var trimmed = TextLines.Trim(text, new TextSpan(start, end));
        if (trimmed.Length > 0)
        {
            sentences.Add(trimmed);
        }
    }
}
