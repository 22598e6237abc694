using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Re-ranks BM25 candidates by term proximity at sentence level: a chunk in which several query clauses meet in
/// one sentence ("ISIS-K … is led by …") is more likely to answer than one that mentions them paragraphs apart.
/// The BM25 score is multiplied by 1 + the idf-weighted share of clauses found together in the best sentence.
/// </summary>
public sealed class SentenceCoOccurrenceBooster
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
        AliasTable aliases)
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

        return candidates
            .Select(c => new ScoredDocument(c.Document, c.Score * (1 + (this.BestSentenceWeight(chunks[c.Document], clauses, weights, aliases) / total))))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Document)
            .ToList();
    }

    private double BestSentenceWeight(Chunk chunk, IReadOnlyList<QueryClause> clauses, double[] weights, AliasTable aliases)
    {
        var best = 0.0;
        foreach (var sentence in chunk.Sentences)
        {
            var start = Math.Clamp(sentence.Start - chunk.Start, 0, chunk.Text.Length);
            var end = Math.Clamp(sentence.End - chunk.Start, start, chunk.Text.Length);
            var terms = aliases.Annotate(this.analyzer.Terms(chunk.Text[start..end])).ToHashSet(StringComparer.Ordinal);
            var matched = 0;
            var weight = 0.0;
            for (var i = 0; i < clauses.Count; i++)
            {
                if (clauses[i].Terms.Any(terms.Contains))
                {
                    matched++;
                    weight += weights[i];
                }
            }

            if (matched >= 2)
            {
                best = Math.Max(best, weight);
            }
        }

        return best;
    }
}
