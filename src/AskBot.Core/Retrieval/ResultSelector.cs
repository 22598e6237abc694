using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Picks the final top-k from a ranked candidate list: drops chunks below the relevance floor, caps chunks per
/// article, and never returns a chunk that repeats a better-ranked one (overlapping span of the same file, or
/// near-identical wording anywhere, as with syndicated copies).
/// </summary>
public sealed class ResultSelector
{
    /// <summary>Share of the shorter chunk that, when covered by the other's span in the same file, makes them duplicates.</summary>
    public const double SpanOverlapThreshold = 0.5;

    /// <summary>Jaccard similarity of the two chunks' term sets at or above which they are duplicates.</summary>
    public const double TextSimilarityThreshold = 0.85;

    private readonly TermAnalyzer analyzer;

    public ResultSelector(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>Selects from <paramref name="ranked"/> (best first, scores normalised 0..1).</summary>
    public IReadOnlyList<RetrievedChunk> Select(IReadOnlyList<RetrievedChunk> ranked, int topK, int maxPerArticle, double minRelevance)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var selected = new List<(RetrievedChunk Result, HashSet<string> Terms)>();
        var perArticle = new Dictionary<(string DocId, int Ordinal), int>();
        foreach (var candidate in ranked)
        {
            if (selected.Count >= topK)
            {
                break;
            }

            if (candidate.Score < minRelevance)
            {
                // Ranked best first, so nothing later can pass.
                break;
            }

            var chunk = candidate.Chunk;
            var article = (chunk.DocId, chunk.ArticleOrdinal);
            if (perArticle.GetValueOrDefault(article) >= maxPerArticle)
            {
                continue;
            }

            var terms = this.analyzer.Terms(chunk.Text).ToHashSet(StringComparer.Ordinal);
            if (selected.Any(s => IsDuplicate(s.Result.Chunk, s.Terms, chunk, terms)))
            {
                continue;
            }

            selected.Add((candidate, terms));
            perArticle[article] = perArticle.GetValueOrDefault(article) + 1;
        }

        return selected.Select(s => s.Result).ToList();
    }

    /// <summary>True when <paramref name="b"/> mostly repeats <paramref name="a"/>.</summary>
    public static bool IsDuplicate(Chunk a, IReadOnlySet<string> aTerms, Chunk b, IReadOnlySet<string> bTerms)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(aTerms);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(bTerms);
        if (string.Equals(a.DocId, b.DocId, StringComparison.Ordinal))
        {
            var overlap = Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start);
            var shorter = Math.Min(a.End - a.Start, b.End - b.Start);
            if (overlap > 0 && overlap >= SpanOverlapThreshold * shorter)
            {
                return true;
            }
        }

        if (aTerms.Count == 0 || bTerms.Count == 0)
        {
            return string.Equals(a.Text.Trim(), b.Text.Trim(), StringComparison.Ordinal);
        }

        var intersection = aTerms.Count(bTerms.Contains);
        var union = aTerms.Count + bTerms.Count - intersection;
        return (double)intersection / union >= TextSimilarityThreshold;
    }
}
