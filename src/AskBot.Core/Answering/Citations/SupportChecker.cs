using System.Globalization;
using System.Text.RegularExpressions;
using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Citations;

/// <summary>
/// Decides whether a passage supports a claim by reading what the claim says, not only which words it uses. A claim is
/// supported when (1) at least <see cref="MinContentShare"/> of its content terms (stemmed, stopwords removed) occur in
/// the passage; and, within the passage's sentences the claim draws on (the fewest that hold those terms):
/// (2) every number of the claim occurs there with the same value (written-out numbers and thousands separators
/// understood), the same qualifier ("over 100" is not "100") and, when both sides say what it counts, the same thing
/// (137 killed is not 137 arrested); (3) every name of the claim occurs there (or in the source's title, byline or date);
/// (4) the claim negates exactly what those sentences negate (not, never, no, denied, failed to …, counted in the
/// clauses that hold the claim's words); and (5) two names the claim relates by a word between them stand in the same
/// order as in the passage (subject and object not swapped). A lead-in that ends in a colon and states no number or
/// name ("The sources give different figures:") makes no claim.
/// </summary>
public sealed partial class SupportChecker
{
    /// <summary>Share of a claim's content terms that must occur in the passage.</summary>
    public const double MinContentShare = 0.8;

    private const int MaxAlignedSentences = 3;
    private const int ContextWords = 3;
    private const int MaxHeadingWords = 8;

    // Words that bound a number from below, from above, or loosely; a claim's qualifier must be the source's.
    private static readonly Dictionary<string, Qualifier> Qualifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["over"] = Qualifier.AtLeast,
        ["more than"] = Qualifier.AtLeast,
        ["at least"] = Qualifier.AtLeast,
        ["upwards of"] = Qualifier.AtLeast,
        ["above"] = Qualifier.AtLeast,
        ["exceeding"] = Qualifier.AtLeast,
        ["under"] = Qualifier.AtMost,
        ["fewer than"] = Qualifier.AtMost,
        ["less than"] = Qualifier.AtMost,
        ["up to"] = Qualifier.AtMost,
        ["nearly"] = Qualifier.AtMost,
        ["almost"] = Qualifier.AtMost,
        ["below"] = Qualifier.AtMost,
        ["about"] = Qualifier.About,
        ["around"] = Qualifier.About,
        ["roughly"] = Qualifier.About,
        ["approximately"] = Qualifier.About,
        ["some"] = Qualifier.About,
        ["estimated"] = Qualifier.About,
    };

    private static readonly HashSet<string> NegationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "not", "never", "no", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "deny", "denies", "denied",
        "denying",
    };

    // Verbs that negate the verb after "to" ("failed to claim" says it did not claim).
    private static readonly HashSet<string> NegatingBeforeTo = new(StringComparer.OrdinalIgnoreCase)
    {
        "failed", "fails", "fail", "refused", "refuses", "refuse", "declined", "declines", "decline",
    };

    // Words that end a clause as punctuation does: negation and numbers are read within their clause.
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "but", "while", "whereas", "although", "though", "however", "which", "who", "whom", "that",
    };

    private readonly TermAnalyzer analyzer;
    private readonly SentenceSplitter splitter = new();

    public SupportChecker(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    private enum Qualifier
    {
        Exact,
        AtLeast,
        AtMost,
        About,
    }

    /// <summary>True when <paramref name="claim"/> makes no factual claim (empty, or a fact-free lead-in).</summary>
    public bool IsLeadIn(string claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var text = claim.Trim();
        return text.Length == 0
            || !text.Any(char.IsLetterOrDigit)
            || (text.EndsWith(':') && !this.Tokenize(text).Any(t => t.Number is not null || t.IsName));
    }

    /// <summary>Whether <paramref name="passage"/> supports <paramref name="claim"/> by the rules above.</summary>
    public bool IsSupported(string claim, string passage) => this.Check(claim, passage).IsSupported;

    /// <summary>
    /// Checks <paramref name="claim"/> against <paramref name="passage"/>; names and numbers may also come from
    /// <paramref name="header"/> (the source's title, byline and date), which the claim's words may draw on too.
    /// </summary>
    public SupportVerdict Check(string claim, string passage, string header = "")
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(header);
        // Numbers are compared by value below ("11" and "eleven"), not as words.
        var claimTokens = this.Tokenize(claim);
        var claimTerms = claimTokens.Where(t => t.Term is not null).Select(t => t.Term!).Distinct(StringComparer.Ordinal).ToList();
        var passageTerms = this.analyzer.Terms(header + "\n" + passage).ToHashSet(StringComparer.Ordinal);
        if (claimTerms.Count > 0 && (double)claimTerms.Count(passageTerms.Contains) / claimTerms.Count < MinContentShare)
        {
            return new SupportVerdict(SupportFailure.Words, "words: the source does not say this");
        }

        // The claim's ordinary words say which sentences it draws on; its names must then be in those sentences, so a name
        // from another clause or source cannot pull in a sentence of its own.
        var ordinary = claimTokens.Where(t => t.Term is not null && !t.IsName).Select(t => t.Term!).Distinct(StringComparer.Ordinal).ToList();
        // A bare answer ("March 22, 2024", "557 million") has no words of its own to place it: the passage must state it.
        var bare = ordinary.Count == 0;
        var source = this.Tokenize(bare ? passage : this.Aligned(ordinary, passage));
        var headerTokens = this.Tokenize(header + "\n" + string.Join("\n", HeadingLines(passage)));
        return this.CheckNumbers(claimTokens, source, headerTokens, bare)
            ?? CheckNames(claimTokens, source, headerTokens)
            ?? CheckNegation(claimTokens, source)
            ?? CheckRoles(claimTokens, source)
            ?? SupportVerdict.Supported;
    }

    // Short lines without a full stop (a dateline, a byline, a heading) name and date what follows them, as the header does.
    private static IEnumerable<string> HeadingLines(string passage) =>
        passage.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[^1] is not ('.' or '!' or '?')
            && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxHeadingWords);

    // The fewest of the passage's sentences, best first, that hold the claim's terms: a claim drawn from one sentence is
    // read against that sentence, not against a number or name from another clause or source.
    private string Aligned(IReadOnlyList<string> claimTerms, string passage)
    {
        var sentences = this.splitter.Split(passage).Select(s => passage[s.Start..s.End]).ToList();
        if (sentences.Count <= 1 || claimTerms.Count == 0)
        {
            return passage;
        }

        var termsOf = sentences.Select(s => this.analyzer.Terms(s).ToHashSet(StringComparer.Ordinal)).ToList();
        var chosen = new List<int>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        while (chosen.Count < MaxAlignedSentences && (double)covered.Count / claimTerms.Count < 1)
        {
            var best = -1;
            var bestGain = 0;
            for (var i = 0; i < sentences.Count; i++)
            {
                if (chosen.Contains(i))
                {
                    continue;
                }

                var gain = claimTerms.Count(t => !covered.Contains(t) && termsOf[i].Contains(t));
                if (gain > bestGain)
                {
                    best = i;
                    bestGain = gain;
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen.Add(best);
            covered.UnionWith(claimTerms.Where(termsOf[best].Contains));
        }

        chosen.Sort();
        return chosen.Count == 0 ? passage : string.Join(" ", chosen.Select(i => sentences[i]));
    }

    private SupportVerdict? CheckNumbers(IReadOnlyList<Token> claim, IReadOnlyList<Token> source, IReadOnlyList<Token> header, bool bare)
    {
        for (var i = 0; i < claim.Count; i++)
        {
            if (claim[i].Number is not { } value)
            {
                continue;
            }

            var occurrences = Enumerable.Range(0, source.Count).Where(j => source[j].Number == value).ToList();
            if (occurrences.Count == 0)
            {
                if (header.Any(t => t.Number == value))
                {
                    continue;
                }

                return new SupportVerdict(SupportFailure.Number, $"number: the source does not say {claim[i].Text}");
            }

            // A bare figure is the answer lifted out of its sentence, which the answer quotes with its qualifier.
            var qualifier = QualifierBefore(claim, i);
            var qualified = occurrences.Where(j => bare || QualifierBefore(source, j) == qualifier).ToList();
            if (qualified.Count == 0)
            {
                return new SupportVerdict(SupportFailure.Number, $"number: the source says “{Snippet(source, occurrences[0], 2, 0)}”");
            }

            var counted = Context(claim, i);
            if (counted.Count == 0)
            {
                continue;
            }

            // The number must count the same thing where the source says what it counts.
            var contexts = qualified.Select(j => Context(source, j)).ToList();
            if (contexts.All(c => c.Count > 0 && !c.Overlaps(counted)))
            {
                return new SupportVerdict(SupportFailure.Number, $"number: the source says “{Snippet(source, qualified[0], 2, ContextWords)}”");
            }
        }

        return null;
    }

    private static SupportVerdict? CheckNames(IReadOnlyList<Token> claim, IReadOnlyList<Token> source, IReadOnlyList<Token> header)
    {
        var known = source.Concat(header).Select(t => t.Lower).ToHashSet(StringComparer.Ordinal);
        foreach (var token in claim.Where(t => t.IsName))
        {
            if (!known.Contains(token.Lower))
            {
                return new SupportVerdict(SupportFailure.Name, $"name: the source does not name “{token.Text}” there");
            }
        }

        return null;
    }

    private static SupportVerdict? CheckNegation(IReadOnlyList<Token> claim, IReadOnlyList<Token> source)
    {
        var terms = claim.Where(t => t.Term is not null && !t.IsName).Select(t => t.Term!).ToHashSet(StringComparer.Ordinal);

        var claimNegations = claim.Count(t => t.Negates);

        // Only the clauses that say what the claim says count: "X did not comment, but Y claimed it" supports "Y claimed it".
        var sourceNegations = 0;
        var negatedClause = (Start: -1, End: -1);
        foreach (var (start, end) in Clauses(source))
        {
            // A clause of no content words ("that they didn't have") belongs to the words around it.
            var words = Enumerable.Range(start, end - start).Where(j => source[j].Term is not null).ToList();
            if (words.Count > 0 && !words.Any(j => terms.Contains(source[j].Term!)))
            {
                continue;
            }

            var count = Enumerable.Range(start, end - start).Count(j => source[j].Negates);
            sourceNegations += count;
            if (count > 0 && negatedClause.Start < 0)
            {
                negatedClause = (start, end);
            }
        }

        if (claimNegations % 2 == sourceNegations % 2)
        {
            return null;
        }

        return negatedClause.Start >= 0
            ? new SupportVerdict(SupportFailure.Negation, $"negation: the source says “{Join(source, negatedClause.Start, negatedClause.End)}”")
            : new SupportVerdict(SupportFailure.Negation, "negation: the source does not say “not”");
    }

    private static SupportVerdict? CheckRoles(IReadOnlyList<Token> claim, IReadOnlyList<Token> source)
    {
        // A claim's opening word is capitalised whatever it is: it is a name when the source names it mid-sentence.
        var sourceNames = FirstOccurrences(Names(source, _ => false)).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var claimNames = FirstOccurrences(Names(claim, t => t.Capitalised && sourceNames.ContainsKey(t.Lower)));
        if (claimNames.Count < 2)
        {
            return null;
        }

        for (var a = 0; a < claimNames.Count; a++)
        {
            for (var b = a + 1; b < claimNames.Count; b++)
            {
                var first = claimNames[a];
                var second = claimNames[b];
                if (!HasWordBetween(claim, first.End, second.Start) || Passive(claim, first.End, second.Start)
                    || !sourceNames.TryGetValue(first.Name, out var firstInSource) || !sourceNames.TryGetValue(second.Name, out var secondInSource)
                    || secondInSource.Start > firstInSource.Start || Passive(source, secondInSource.End, firstInSource.Start))
                {
                    continue;
                }

                return new SupportVerdict(SupportFailure.Role, $"roles: the source says “{Join(source, secondInSource.Start, firstInSource.End)}”");
            }
        }

        return null;
    }

    private static List<(string Name, int Start, int End)> FirstOccurrences(List<(string Name, int Start, int End)> names)
        => names.GroupBy(n => n.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();

    // "B was attacked by A" says what "A attacked B" says, in the other order.
    private static bool Passive(IReadOnlyList<Token> tokens, int from, int to)
    {
        for (var j = from; j < to; j++)
        {
            if (tokens[j].Lower == "by")
            {
                return true;
            }
        }

        return false;
    }

    // A name is a run of capitalised tokens; its key is the run's lower-case text.
    private static List<(string Name, int Start, int End)> Names(IReadOnlyList<Token> tokens, Func<Token, bool> alsoName)
    {
        var names = new List<(string, int, int)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsName && !alsoName(tokens[i]))
            {
                continue;
            }

            var end = i + 1;
            while (end < tokens.Count && tokens[end].IsName)
            {
                end++;
            }

            names.Add((string.Join(' ', Enumerable.Range(i, end - i).Select(j => tokens[j].Lower)), i, end));
            i = end - 1;
        }

        return names;
    }

    private static bool HasWordBetween(IReadOnlyList<Token> tokens, int from, int to)
    {
        for (var j = from; j < to; j++)
        {
            if (tokens[j].Term is not null && !tokens[j].IsName)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(int Start, int End)> Clauses(IReadOnlyList<Token> tokens)
    {
        var start = 0;
        for (var j = 0; j <= tokens.Count; j++)
        {
            if (j == tokens.Count || tokens[j].EndsClause)
            {
                if (j > start)
                {
                    yield return (start, j);
                }

                start = j + 1;
            }
        }
    }

    private static Qualifier QualifierBefore(IReadOnlyList<Token> tokens, int i)
    {
        if (i >= 2 && Qualifiers.TryGetValue(tokens[i - 2].Lower + " " + tokens[i - 1].Lower, out var two))
        {
            return two;
        }

        return i >= 1 && Qualifiers.TryGetValue(tokens[i - 1].Lower, out var one) ? one : Qualifier.Exact;
    }

    // What a number counts: the content terms of the words next to it, within its clause and before the next number.
    private static HashSet<string> Context(IReadOnlyList<Token> tokens, int i)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in new[] { 1, -1 })
        {
            for (int j = i + step, taken = 0; j >= 0 && j < tokens.Count && taken < ContextWords; j += step)
            {
                var token = tokens[j];
                if (token.EndsClause || token.Number is not null || Qualifiers.ContainsKey(token.Lower))
                {
                    break;
                }

                if (token.Term is { } term)
                {
                    terms.Add(term);
                    taken++;
                }
            }
        }

        return terms;
    }

    private static string Snippet(IReadOnlyList<Token> tokens, int at, int before, int after)
        => Join(tokens, Math.Max(0, at - before), Math.Min(tokens.Count, at + after + 1));

    private static string Join(IReadOnlyList<Token> tokens, int start, int end)
        => string.Join(' ', Enumerable.Range(start, end - start).Where(j => !tokens[j].IsPunctuation).Select(j => tokens[j].Text));

    private List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var sentenceStart = true;
        foreach (Match m in TokenRegex().Matches(text))
        {
            var value = m.Value;
            if (m.Groups["punct"].Success)
            {
                tokens.Add(new Token(value, value, null, null, IsName: false, Capitalised: false, Negates: false, EndsClause: true, IsPunctuation: true));
                // The full stop of "U.S." does not open a sentence.
                var abbreviation = value == "." && tokens.Count > 0 && tokens[^1].Text.Contains('.', StringComparison.Ordinal);
                sentenceStart = !abbreviation && value is "." or "!" or "?" or ":" or "“" or "\"" or "\n";
                continue;
            }

            // "Smith's" names Smith.
            var lower = PossessiveRegex().Replace(value.ToLowerInvariant(), string.Empty);
            decimal? number = m.Groups["num"].Success
                ? decimal.Parse(value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture)
                : NumberWords.Exact.TryGetValue(lower, out var word) ? word : null;
            var terms = number is null ? this.analyzer.Terms(value) : [];
            var capitalised = number is null && char.IsUpper(value[0]) && !this.analyzer.IsStopword(lower);
            var isName = capitalised && !sentenceStart;
            var negates = NegationWords.Contains(lower) || lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n’t", StringComparison.Ordinal);
            if (!negates && lower == "to" && tokens.Count > 0 && NegatingBeforeTo.Contains(tokens[^1].Lower))
            {
                negates = true;
            }

            tokens.Add(new Token(value, lower, number, terms.Count > 0 ? terms[0] : null, isName, capitalised, negates, ClauseWords.Contains(lower), IsPunctuation: false));
            sentenceStart = false;
        }

        return tokens;
    }

    [GeneratedRegex(@"(?<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)|(?<word>\p{L}(?:[\p{L}\p{N}’'-]|\.(?=\p{L}))*)|(?<punct>[,;:()\[\]—–.!?“”""\n])", RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();

    [GeneratedRegex(@"['’]s$", RegexOptions.CultureInvariant)]
    private static partial Regex PossessiveRegex();

    /// <param name="Text">As written.</param>
    /// <param name="Lower">Lower case.</param>
    /// <param name="Number">Its value, for a number in digits or words.</param>
    /// <param name="Term">Its content term (stem), null for a stopword, number or punctuation.</param>
    /// <param name="IsName">Capitalised, not a stopword, not opening a sentence.</param>
    /// <param name="Capitalised">Capitalised and not a stopword, wherever it stands.</param>
    /// <param name="Negates">A negation word.</param>
    /// <param name="EndsClause">Punctuation or a word that starts another clause.</param>
    /// <param name="IsPunctuation">Punctuation.</param>
    private sealed record Token(string Text, string Lower, decimal? Number, string? Term, bool IsName, bool Capitalised, bool Negates, bool EndsClause, bool IsPunctuation);
}
