using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Picks the final top-k from a ranked candidate list: drops chunks below the relevance floor, caps chunks per
/// article (filling the rest with held-back chunks when there are too few articles), and never returns a chunk that
/// repeats a better-ranked one (overlapping span of the same file, or near-identical wording anywhere, as with
/// syndicated copies). The result stays in rank order.
/// </summary>
internal sealed class ResultSelector
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
        return Select(ranked.Count, i => ranked[i], i => this.DistinctTerms(ranked[i].Chunk.Text), IntersectOrdinal, topK, maxPerArticle, minRelevance);
    }

    /// <summary>
    /// Selects from <paramref name="count"/> ranked candidates that are materialised only when reached
    /// (<paramref name="candidate"/>), with their distinct term ids, ascending, from <paramref name="termIds"/> (the
    /// index's <see cref="SentenceTermCache"/>, in the retriever): the same sets as the distinct term strings.
    /// </summary>
    internal static IReadOnlyList<RetrievedChunk> Select(
        int count,
        Func<int, RetrievedChunk> candidate,
        Func<int, int[]> termIds,
        int topK,
        int maxPerArticle,
        double minRelevance)
        => Select(count, candidate, termIds, IntersectIds, topK, maxPerArticle, minRelevance);

    private static IReadOnlyList<RetrievedChunk> Select<T>(
        int count,
        Func<int, RetrievedChunk> candidate,
        Func<int, T[]> terms,
        Func<T[], T[], int> intersect,
        int topK,
        int maxPerArticle,
        double minRelevance)
    {
        var selected = new List<RetrievedChunk>(Math.Min(Math.Max(topK, 0), count));
        var selectedTerms = new List<T[]>(selected.Capacity);
        var capped = new List<(RetrievedChunk Result, T[] Terms)>();
        for (var i = 0; i < count && selected.Count < topK; i++)
        {
            var result = candidate(i);
            if (result.Score < minRelevance)
            {
                // Ranked best first, so nothing later can pass.
                break;
            }

            var chunkTerms = terms(i);
            if (IsDuplicateOfAny(selected, selectedTerms, result.Chunk, chunkTerms, intersect))
            {
                continue;
            }

            if (PerArticle(selected, result.Chunk) >= maxPerArticle)
            {
                capped.Add((result, chunkTerms));
                continue;
            }

            selected.Add(result);
            selectedTerms.Add(chunkTerms);
        }

        // The cap spreads the top over articles; when the corpus has too few articles to fill it (one long document),
        // the best chunks it held back fill the rest, in rank order.
        foreach (var (result, chunkTerms) in capped)
        {
            if (selected.Count >= topK)
            {
                break;
            }

            if (!IsDuplicateOfAny(selected, selectedTerms, result.Chunk, chunkTerms, intersect))
            {
                var at = selected.FindIndex(s => s.Score < result.Score);
                at = at < 0 ? selected.Count : at;
                selected.Insert(at, result);
                selectedTerms.Insert(at, chunkTerms);
            }
        }

        return selected;
    }

    private static bool IsDuplicateOfAny<T>(List<RetrievedChunk> selected, List<T[]> selectedTerms, Chunk chunk, T[] chunkTerms, Func<T[], T[], int> intersect)
    {
        for (var s = 0; s < selected.Count; s++)
        {
            if (IsDuplicate(selected[s].Chunk, selectedTerms[s], chunk, chunkTerms, intersect))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The distinct analysed terms of <paramref name="text"/>, in ordinal order (the set the duplicate check compares).</summary>
    internal string[] DistinctTerms(string text)
    {
        var terms = this.analyzer.Terms(text).Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        return terms;
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

    // Same decision as the set overload, on distinct sorted terms (strings or their ids): the intersection is a merge.
    private static bool IsDuplicate<T>(Chunk a, T[] aTerms, Chunk b, T[] bTerms, Func<T[], T[], int> intersect)
    {
        if (SpansOverlap(a, b))
        {
            return true;
        }

        if (aTerms.Length == 0 || bTerms.Length == 0)
        {
            return string.Equals(a.Text.Trim(), b.Text.Trim(), StringComparison.Ordinal);
        }

        return IsSimilar(intersect(aTerms, bTerms), aTerms.Length, bTerms.Length);
    }

    private static int IntersectOrdinal(string[] a, string[] b)
    {
        var intersection = 0;
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            var order = string.CompareOrdinal(a[i], b[j]);
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

        return intersection;
    }

    private static int IntersectIds(int[] a, int[] b)
    {
        var intersection = 0;
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j])
            {
                intersection++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return intersection;
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
