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
        return this.Select(ranked.Count, i => ranked[i], i => this.DistinctTerms(ranked[i].Chunk.Text), topK, maxPerArticle, minRelevance);
    }

    /// <summary>
    /// Selects from <paramref name="count"/> ranked candidates that are materialised only when reached
    /// (<paramref name="candidate"/>), with their distinct terms from <paramref name="terms"/> (a cache, in the retriever).
    /// </summary>
    internal IReadOnlyList<RetrievedChunk> Select(
        int count,
        Func<int, RetrievedChunk> candidate,
        Func<int, string[]> terms,
        int topK,
        int maxPerArticle,
        double minRelevance)
    {
        var selected = new List<RetrievedChunk>(Math.Min(Math.Max(topK, 0), count));
        var selectedTerms = new List<string[]>(selected.Capacity);
        for (var i = 0; i < count && selected.Count < topK; i++)
        {
            var result = candidate(i);
            if (result.Score < minRelevance)
            {
                // Ranked best first, so nothing later can pass.
                break;
            }

            var chunk = result.Chunk;
            if (PerArticle(selected, chunk) >= maxPerArticle)
            {
                continue;
            }

            var chunkTerms = terms(i);
            var duplicate = false;
            for (var s = 0; s < selected.Count && !duplicate; s++)
            {
                duplicate = IsDuplicate(selected[s].Chunk, selectedTerms[s], chunk, chunkTerms);
            }

            if (!duplicate)
            {
                selected.Add(result);
                selectedTerms.Add(chunkTerms);
            }
        }

        return selected;
    }

    /// <summary>The distinct analysed terms of <paramref name="text"/>, in ordinal order (the set the duplicate check compares).</summary>
    internal string[] DistinctTerms(string text)
    {
        var terms = this.analyzer.Terms(text).Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        return terms;
    }

    /// <summary>
    /// <see cref="DistinctTerms(string)"/> with each word's terms taken from the index's memo in
    /// <paramref name="cache"/> instead of stemming it again.
    /// </summary>
    internal string[] DistinctTerms(string text, SentenceTermCache cache, Bm25Index lexical)
    {
        var all = new List<string>();
        cache.AnalyzeInto(text, 0, text.Length, this.analyzer, lexical, all, null);
        var sorted = all.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>True when <paramref name="b"/> mostly repeats <paramref name="a"/>.</summary>
    public static bool IsDuplicate(Chunk a, IReadOnlySet<string> aTerms, Chunk b, IReadOnlySet<string> bTerms)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(aTerms);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(bTerms);
        if (SpansOverlap(a, b))
        {
            return true;
        }

        if (aTerms.Count == 0 || bTerms.Count == 0)
        {
            return string.Equals(a.Text.Trim(), b.Text.Trim(), StringComparison.Ordinal);
        }

        return IsSimilar(aTerms.Count(bTerms.Contains), aTerms.Count, bTerms.Count);
    }

    // Same decision as the set overload, on distinct terms sorted ordinally: the intersection is a merge, no hashing.
    private static bool IsDuplicate(Chunk a, string[] aTerms, Chunk b, string[] bTerms)
    {
        if (SpansOverlap(a, b))
        {
            return true;
        }

        if (aTerms.Length == 0 || bTerms.Length == 0)
        {
            return string.Equals(a.Text.Trim(), b.Text.Trim(), StringComparison.Ordinal);
        }

        var intersection = 0;
        for (int i = 0, j = 0; i < aTerms.Length && j < bTerms.Length;)
        {
            var order = string.CompareOrdinal(aTerms[i], bTerms[j]);
            if (order == 0)
            {
                intersection++;
                i++;
                j++;
            }
            else if (order < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return IsSimilar(intersection, aTerms.Length, bTerms.Length);
    }

    private static bool SpansOverlap(Chunk a, Chunk b)
    {
        if (!string.Equals(a.DocId, b.DocId, StringComparison.Ordinal))
        {
            return false;
        }

        var overlap = Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start);
        var shorter = Math.Min(a.End - a.Start, b.End - b.Start);
        return overlap > 0 && overlap >= SpanOverlapThreshold * shorter;
    }

    private static bool IsSimilar(int intersection, int aCount, int bCount)
    {
        var union = aCount + bCount - intersection;
        return (double)intersection / union >= TextSimilarityThreshold;
    }

    private static int PerArticle(List<RetrievedChunk> selected, Chunk chunk)
    {
        // At most top-k entries: a scan is cheaper than a dictionary per query.
        var count = 0;
        foreach (var result in selected)
        {
            if (result.Chunk.ArticleOrdinal == chunk.ArticleOrdinal && string.Equals(result.Chunk.DocId, chunk.DocId, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
