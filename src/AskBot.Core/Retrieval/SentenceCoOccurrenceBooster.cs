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
        var sentences = cache ?? new SentenceTermCache(chunks.Count);
        return candidates
            .Select(c => new ScoredDocument(
                c.Document,
                c.Score * (1 + (BestSentenceWeight(sentences.GetOrAdd(c.Document, () => this.SentenceIds(chunks[c.Document], lexical, aliases, sentences)), clauseIds, weights) / total))))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Document)
            .ToList();
    }

    private static double BestSentenceWeight(int[][] sentences, int[][] clauseIds, double[] weights)
    {
        var best = 0.0;
        foreach (var terms in sentences)
        {
            var matched = 0;
            var weight = 0.0;
            for (var i = 0; i < clauseIds.Length; i++)
            {
                foreach (var id in clauseIds[i])
                {
                    if (Array.BinarySearch(terms, id) >= 0)
                    {
                        matched++;
                        weight += weights[i];
                        break;
                    }
                }
            }

            if (matched >= 2)
            {
                best = Math.Max(best, weight);
            }
        }

        return best;
    }

    // Each sentence's analysed terms (alias-group terms included) as sorted distinct ids of the index vocabulary: the ids
    // of aliases.Annotate(analyzer.Terms(sentence)), with each word's terms and ids looked up in the cache's memo.
    private int[][] SentenceIds(Chunk chunk, Bm25Index lexical, AliasTable aliases, SentenceTermCache cache)
    {
        var result = new int[chunk.Sentences.Count][];
        var terms = new List<string>();
        var ids = new List<int>();
        for (var s = 0; s < result.Length; s++)
        {
            var sentence = chunk.Sentences[s];
            var start = Math.Clamp(sentence.Start - chunk.Start, 0, chunk.Text.Length);
            var end = Math.Clamp(sentence.End - chunk.Start, start, chunk.Text.Length);
            terms.Clear();
            ids.Clear();
            cache.AnalyzeInto(chunk.Text, start, end, this.analyzer, lexical, terms, ids);

            if (aliases.Count > 0)
            {
                foreach (var match in aliases.FindMatches(terms))
                {
                    if (lexical.TryGetTermId(AliasTable.GroupTerm(match.Group), out var id))
                    {
                        ids.Add(id);
                    }
                }
            }

            ids.Sort();
            var distinct = 0;
            for (var i = 0; i < ids.Count; i++)
            {
                if (distinct == 0 || ids[i] != ids[distinct - 1])
                {
                    ids[distinct++] = ids[i];
                }
            }

            result[s] = [.. ids.GetRange(0, distinct)];
        }

        return result;
    }
}
