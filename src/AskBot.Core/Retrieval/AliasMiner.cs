using System.Text.RegularExpressions;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Finds names the corpus itself declares equivalent, using general English definition patterns rather than
/// any hand-written list: "Long Name (ACR)", "Long Name, known as (ACR)", "Long Name, or ACR,",
/// "ACR is an abbreviation of Long Name", "ACR stands for Long Name" and "…, also known as ACR or ACR2".
/// Acronyms are accepted only when their letters plausibly abbreviate the long name. Pure.
/// </summary>
internal sealed partial class AliasMiner
{
    private const string Acronym = @"[A-Z][A-Za-z0-9]*(?:[\-\u2010\u2011][A-Za-z0-9]+)*";

    // Lowercase words that may sit inside a proper name ("Massachusetts Institute of Technology").
    private static readonly HashSet<string> NameConnectors = new(["of", "and", "for", "the", "de", "al", "el", "on"], StringComparer.Ordinal);

    private readonly TermAnalyzer analyzer;

    public AliasMiner(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>Mines alias groups from the texts and returns them with their forms analyzed into terms.</summary>
    public AliasTable Mine(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var sets = new UnionFind();
        foreach (var text in texts)
        {
            foreach (var line in text.Split('\n'))
            {
                this.MineLine(line, sets);
            }
        }

        var groups = sets.Groups()
            .Where(g => g.Count >= 2)
            .Select(g => (IReadOnlyList<IReadOnlyList<string>>)g.Select(key => (IReadOnlyList<string>)key.Split(' ')).ToList())
            .ToList();
        return new AliasTable(groups);
    }

    [GeneratedRegex(@"\((?<acr>" + Acronym + @")\)")]
    private static partial Regex ParenthesisedAcronym();

    [GeneratedRegex(@"(?:,\s*|\s+)(?:(?:also|otherwise|commonly|sometimes|better)\s+)?(?:known|referred\s+to|abbreviated|called)\s+as\s*$|,?\s*(?:or|aka)\s*$|[\s,]+$")]
    private static partial Regex TrailingConnector();

    [GeneratedRegex(@"\b(?<acr>" + Acronym + @")\s*,?\s+(?:is\s+(?:an?\s+|the\s+)?(?:abbreviation|acronym|short\s+form|shorthand)\s+(?:of|for)|stands\s+for|short\s+for)\s+(?:the\s+)?[""']?(?<long>[^.;:()\n""]{3,150})")]
    private static partial Regex AcronymDefinedAfter();

    [GeneratedRegex(@"(?<long>[A-Z][^,.;:()\n]{2,150}?),\s+or\s+(?<acr>" + Acronym + @")\s*[,)]")]
    private static partial Regex LongNameOrAcronym();

    [GeneratedRegex(@"(?:(?:also|otherwise|commonly|sometimes|better)\s+)?known\s+as\s+(?<list>\(?" + Acronym + @"\)?(?:\s*(?:,|,?\s+or|,?\s+and)\s+\(?" + Acronym + @"\)?)*)")]
    private static partial Regex KnownAs();

    [GeneratedRegex(@"\s*(?:,|\bor\b|\band\b)\s*")]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"\((?<acr>" + Acronym + @")\)\s*$")]
    private static partial Regex EndsWithParenthesisedAcronym();

    private static string? LongFormBefore(string acronym, string textBefore)
    {
        var trimmed = TrailingConnector().Replace(textBefore, string.Empty);
        var words = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var letters = AcronymMatcher.Letters(acronym).Length;

        // Schwartz–Hearst window: a long form has at most min(|A| + 5, 2|A|) words.
        var window = Math.Min(letters + 5, letters * 2);
        var candidate = string.Join(' ', words.Skip(Math.Max(0, words.Length - window)));
        var start = AcronymMatcher.FindLongFormStart(acronym, candidate);
        if (start < 0)
        {
            return null;
        }

        var longForm = candidate[start..].Trim().Trim('"', '\'', ',', '(', ')');
        return IsPlausibleLongForm(acronym, longForm) ? longForm : null;
    }

    private static string? LongFormAfter(string acronym, string textAfter)
    {
        var words = textAfter.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var letters = AcronymMatcher.Letters(acronym).Length;
        var window = Math.Min(Math.Min(letters + 5, letters * 2), words.Length);
        for (var count = 1; count <= window; count++)
        {
            var candidate = string.Join(' ', words.Take(count)).Trim().Trim('"', '\'', ',');
            if (AcronymMatcher.FindLongFormStart(acronym, candidate) == 0 && IsPlausibleLongForm(acronym, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsPlausibleLongForm(string acronym, string longForm)
        => longForm.Length > acronym.Length
            && !string.Equals(AcronymMatcher.Letters(longForm), AcronymMatcher.Letters(acronym), StringComparison.Ordinal)
            && longForm.Any(char.IsLower);

    private void MineLine(string line, UnionFind sets)
    {
        foreach (Match match in ParenthesisedAcronym().Matches(line))
        {
            var acronym = match.Groups["acr"].Value;
            if (!AcronymMatcher.IsAcronymShaped(acronym))
            {
                continue;
            }

            var longForm = LongFormBefore(acronym, line[..match.Index]);
            if (longForm is not null)
            {
                this.Link(sets, longForm, isAcronym: false, acronym, isOtherAcronym: true);
            }
        }

        foreach (Match match in AcronymDefinedAfter().Matches(line))
        {
            var acronym = match.Groups["acr"].Value;
            var longForm = AcronymMatcher.IsAcronymShaped(acronym) ? LongFormAfter(acronym, match.Groups["long"].Value) : null;
            if (longForm is not null)
            {
                this.Link(sets, longForm, isAcronym: false, acronym, isOtherAcronym: true);
            }
        }

        foreach (Match match in LongNameOrAcronym().Matches(line))
        {
            var acronym = match.Groups["acr"].Value;
            var longForm = AcronymMatcher.IsAcronymShaped(acronym) ? LongFormBefore(acronym, match.Groups["long"].Value) : null;
            if (longForm is not null)
            {
                this.Link(sets, longForm, isAcronym: false, acronym, isOtherAcronym: true);
            }
        }

        foreach (Match match in KnownAs().Matches(line))
        {
            this.MineKnownAs(line, match, sets);
        }
    }

    // "Subject, also known as A or B": the subject is a parenthesised acronym (with its long form) or a name.
    private void MineKnownAs(string line, Match match, UnionFind sets)
    {
        var aliases = ListSeparator().Split(match.Groups["list"].Value)
            .Select(a => a.Trim().Trim('(', ')'))
            .Where(AcronymMatcher.IsAcronymShaped)
            .ToList();
        var before = TrailingConnector().Replace(line[..match.Index], string.Empty);
        string? subjectAcronym = null;
        string? subjectLong;
        var paren = EndsWithParenthesisedAcronym().Match(before);
        if (paren.Success)
        {
            subjectAcronym = paren.Groups["acr"].Value;
            subjectLong = LongFormBefore(subjectAcronym, before[..paren.Index]);
        }
        else
        {
            subjectLong = TrailingProperName(before);
        }

        foreach (var alias in aliases)
        {
            if (subjectLong is not null && AcronymMatcher.PlausiblyAbbreviates(alias, TrimToName(alias, subjectLong)))
            {
                var name = TrimToName(alias, subjectLong);
                this.Link(sets, name, isAcronym: false, alias, isOtherAcronym: true);
                if (subjectAcronym is not null)
                {
                    this.Link(sets, subjectAcronym, isAcronym: true, alias, isOtherAcronym: true);
                }
            }
            else if (subjectAcronym is not null && SharesLetters(alias, subjectAcronym))
            {
                this.Link(sets, subjectAcronym, isAcronym: true, alias, isOtherAcronym: true);
            }
        }
    }

    // "…the North Atlantic Treaty Organization" → "North Atlantic Treaty Organization"; null when the text before the
    // connector ends in a common noun ("the military alliance known as NATO"), which is a description, not a name.
    private static string? TrailingProperName(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var start = words.Length;
        while (start > 0 && words.Length - start < 10)
        {
            var word = words[start - 1].Trim('"', '\'', '(', ')');
            if (word.Length > 0 && char.IsUpper(word[0]))
            {
                start--;
            }
            else if (start < words.Length && NameConnectors.Contains(word))
            {
                start--;
            }
            else
            {
                break;
            }
        }

        while (start < words.Length && NameConnectors.Contains(words[start]))
        {
            start++;
        }

        return words.Length - start >= 2 ? string.Join(' ', words.Skip(start)) : null;
    }

    // The subject window may start with unrelated words; keep it from the first word starting with the acronym's letter.
    private static string TrimToName(string alias, string subject)
    {
        var first = AcronymMatcher.Letters(alias)[0];
        var words = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.FindIndex(words, w => w.Length > 0 && char.IsUpper(w[0]) && char.ToLowerInvariant(w[0]) == first);
        return index < 0 ? subject : string.Join(' ', words.Skip(index));
    }

    // Two acronyms of one subject: same first letter and one's letters (allowing a dropped tail) within the other's.
    private static bool SharesLetters(string a, string b)
    {
        var x = AcronymMatcher.Letters(a);
        var y = AcronymMatcher.Letters(b);
        if (x.Length < 2 || y.Length < 2 || x[0] != y[0])
        {
            return false;
        }

        return IsSubsequence(x[..Math.Max(2, (int)Math.Ceiling(x.Length * 0.6))], y)
            || IsSubsequence(y[..Math.Max(2, (int)Math.Ceiling(y.Length * 0.6))], x);
    }

    private static bool IsSubsequence(string needle, string haystack)
    {
        var i = 0;
        foreach (var c in haystack)
        {
            if (i < needle.Length && needle[i] == c)
            {
                i++;
            }
        }

        return i == needle.Length;
    }

    private void Link(UnionFind sets, string a, bool isAcronym, string b, bool isOtherAcronym)
    {
        var keyA = this.FormKey(a, isAcronym);
        var keyB = this.FormKey(b, isOtherAcronym);
        if (keyA is not null && keyB is not null && !string.Equals(keyA, keyB, StringComparison.Ordinal))
        {
            sets.Union(keyA, keyB);
        }
    }

    // An acronym is matched by its joined token ("ACME-K" → "acmek"), which the analyzer emits for it in running text.
    private string? FormKey(string text, bool isAcronym)
    {
        if (isAcronym)
        {
            var joined = AcronymMatcher.Letters(text);
            var tokens = this.analyzer.Tokenize(text);
            if (tokens.Contains(joined, StringComparer.Ordinal) && !this.analyzer.IsStopword(joined))
            {
                return this.analyzer.Stem(joined);
            }
        }

        var terms = this.analyzer.Terms(text);
        return terms.Count == 0 ? null : string.Join(' ', terms);
    }
}
