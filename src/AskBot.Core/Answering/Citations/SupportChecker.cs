using System.Text.RegularExpressions;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Citations;

/// <summary>
/// The lexical support test used when no LLM judge is configured. A claim is <em>supported</em> by a
/// passage when (1) at least <see cref="MinContentShare"/> of the claim's content terms (stemmed, stopwords
/// removed) occur in the passage, and (2) every number and every capitalised name in the claim occurs in
/// the passage. The passage is the cited text plus its source's title, byline and date. A lead-in that ends
/// in a colon and states no number or name ("The sources give different figures:") makes no claim.
/// </summary>
public sealed partial class SupportChecker
{
    /// <summary>Share of a claim's content terms that must occur in the passage.</summary>
    public const double MinContentShare = 0.8;

    private readonly TermAnalyzer analyzer;

    public SupportChecker(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>True when <paramref name="claim"/> makes no factual claim (empty, or a fact-free lead-in).</summary>
    public bool IsLeadIn(string claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var text = claim.Trim();
        return text.Length == 0
            || !text.Any(char.IsLetterOrDigit)
            || (text.EndsWith(':') && !NumberRegex().IsMatch(text) && this.Names(text).Count == 0);
    }

    /// <summary>Whether <paramref name="passage"/> supports <paramref name="claim"/> by the rule above.</summary>
    public bool IsSupported(string claim, string passage)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(passage);
        var claimTerms = this.analyzer.Terms(claim).Distinct(StringComparer.Ordinal).ToList();
        var passageTerms = this.analyzer.Terms(passage).ToHashSet(StringComparer.Ordinal);
        if (claimTerms.Count > 0 && (double)claimTerms.Count(passageTerms.Contains) / claimTerms.Count < MinContentShare)
        {
            return false;
        }

        var passageNumbers = NumberRegex().Matches(passage).Select(m => NormalizeNumber(m.Value)).ToHashSet(StringComparer.Ordinal);
        if (NumberRegex().Matches(claim).Any(m => !passageNumbers.Contains(NormalizeNumber(m.Value))))
        {
            return false;
        }

        var passageTokens = this.analyzer.Tokenize(passage).ToHashSet(StringComparer.Ordinal);
        return this.Names(claim).All(name => this.analyzer.Tokenize(name).All(passageTokens.Contains));
    }

    /// <summary>Capitalised words of a claim that are not merely sentence-initial.</summary>
    private List<string> Names(string claim)
    {
        var names = new List<string>();
        foreach (Match m in CapitalisedRegex().Matches(claim))
        {
            var sentenceStart = m.Index == 0 || IsSentenceBoundary(claim, m.Index);
            if (!sentenceStart && !this.analyzer.IsStopword(m.Value.ToLowerInvariant()))
            {
                names.Add(m.Value);
            }
        }

        return names;
    }

    private static bool IsSentenceBoundary(string text, int index)
    {
        var before = text[..index].TrimEnd(' ', '“', '"', '‘', '\'', '(', '-', '•', '*');
        return before.Length == 0 || before[^1] is '.' or '!' or '?' or ':' or '\n' or ']';
    }

    private static string NormalizeNumber(string value) => value.Replace(",", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![\w\[])\d{1,3}(?:,\d{3})+(?!\])|(?<![\w\[])\d+(?:\.\d+)?(?![\w\]])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"\b[A-Z][\p{L}\p{N}’'-]*", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedRegex();
}
