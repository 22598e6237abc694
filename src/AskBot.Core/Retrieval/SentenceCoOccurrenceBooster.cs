using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Re-ranks BM25 candidates by term proximity at sentence level: a chunk in which several query clauses meet in
/// one sentence ("the alliance … is led by …") is more likely to answer than one that mentions them paragraphs apart.
/// The BM25 score is multiplied by 1 + the idf-weighted share of clauses found together in the best sentence.
/// </summary>
internal sealed class SentenceCoOccurrenceBooster
{
    private readonly TermAnalyzer analyzer;

    public SentenceCoOccurrenceBooster(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>Returns the candidates re-scored and re-sorted, best first.</summary>
    public IReadOnlyList<ScoredDocument> Rerank(
        IReadOnlyList<ScoredDocument> candidates,
        IReadOnlyList<QueryClause> clauses,
        IReadOnlyList<Chunk> chunks,
        Bm25Index lexical,
        AliasTable aliases,
        SentenceTermCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(clauses);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(aliases);
        if (clauses.Count < 2)
        {
            return candidates;
        }

        var weights = clauses.Select(c => lexical.Idf(c.Terms.Max(lexical.DocumentFrequency)) * c.Weight).ToArray();
        var total = weights.Sum();
        if (total <= 0)
        {
            return candidates;
        }

        // Clause terms as vocabulary ids: a sentence matches a clause when it has one of them. A term the index does not
        // know occurs in no chunk, so dropping it changes nothing.
        var clauseIds = clauses
            .Select(c => c.Terms.Select(t => lexical.TryGetTermId(t, out var id) ? id : -1).Where(id => id >= 0).ToArray())
            .ToArray();

        // With an index's cache the sets were computed at build time; without one, each candidate is analysed here.
        var memo = cache is null ? new WordTermMemo() : null;
        return candidates
            .Select(c => new ScoredDocument(
                c.Document,
                c.Score * (1 + (this.BestSentenceWeight(c.Document, chunks, lexical, aliases, cache, memo, clauseIds, weights) / total))))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Document)
            .ToList();
    }

    private double BestSentenceWeight(
        int document,
        IReadOnlyList<Chunk> chunks,
        Bm25Index lexical,
        AliasTable aliases,
        SentenceTermCache? cache,
        WordTermMemo? memo,
        int[][] clauseIds,
        double[] weights)
    {
        if (cache is not null)
        {
            return cache.BestSentenceWeight(document, clauseIds, weights);
        }

        var best = 0.0;
        foreach (var terms in SentenceTermCache.SentenceIds(chunks[document], this.analyzer, aliases, lexical, memo!))
        {
            best = Math.Max(best, SentenceTermCache.SentenceWeight(terms, clauseIds, weights));
        }

        return best;
    }
}
