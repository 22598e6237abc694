using System.Diagnostics;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Ranks chunks with BM25 and vector cosine, fuses the two rankings by reciprocal rank fusion, normalises
/// scores to 0..1 (1 = best of the query) and selects a diverse, duplicate-free top-k.
/// </summary>
internal sealed class HybridRetriever : IRetriever
{
    private readonly ICorpusIndexSource indexSource;
    private readonly RetrievalOptions options;
    private readonly QueryAnalyzer queryAnalyzer;
    private readonly ReciprocalRankFusion fusion;
    private readonly SentenceCoOccurrenceBooster booster;
    private readonly QueryEmbedder queryEmbedder;
    private readonly ILogger<HybridRetriever> logger;

    public HybridRetriever(
        ICorpusIndexSource indexSource,
        IOptions<RetrievalOptions> options,
        TermAnalyzer analyzer,
        QueryEmbedder queryEmbedder,
        ILogger<HybridRetriever> logger)
    {
        ArgumentNullException.ThrowIfNull(indexSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(queryEmbedder);
        ArgumentNullException.ThrowIfNull(logger);
        this.indexSource = indexSource;
        this.queryEmbedder = queryEmbedder;
        this.options = options.Value;
        this.queryAnalyzer = new QueryAnalyzer(analyzer);
        this.fusion = new ReciprocalRankFusion(this.options.RrfK);
        this.booster = new SentenceCoOccurrenceBooster(analyzer);
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query,
        RetrievalModes? mode = null,
        int? topK = null,
        CorpusIndex? index = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var effectiveMode = mode ?? this.options.Mode;
        var k = topK ?? this.options.TopK;
        if (k <= 0 || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        index ??= await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var analyzed = this.queryAnalyzer.Analyze(query, index.Lexical, index.Aliases);

        IReadOnlyList<ScoredDocument> lexical = [];
        IReadOnlyList<ScoredDocument> lexicalRanking = [];
        if (effectiveMode != RetrievalModes.Vector)
        {
            lexical = index.Lexical.Search(analyzed.Clauses, this.options.Candidates);
            lexicalRanking = this.booster.Rerank(lexical, analyzed.Clauses, index.Chunks, index.Lexical, index.Aliases, index.SentenceTerms);
        }

        IReadOnlyList<ScoredDocument> vector = [];
        IReadOnlyList<ScoredDocument> vectorScores = [];
        if (effectiveMode != RetrievalModes.Lexical)
        {
            (vector, vectorScores) = await this.VectorRankingAsync(index, query, analyzed.VectorText, lexical, cancellationToken).ConfigureAwait(false);
        }

        var ranked = effectiveMode switch
        {
            RetrievalModes.Lexical => lexicalRanking,
            RetrievalModes.Vector => vector,
            _ => this.fusion.Fuse([lexicalRanking, vector]),
        };

        // Candidates are materialised only as the selector reaches them (usually a dozen of up to 100), and a chunk's
        // term set for the duplicate check was computed when the index was built.
        var best = ranked.Count == 0 ? 0 : ranked[0].Score;
        var results = ResultSelector.Select(
            ranked.Count,
            i => new RetrievedChunk(
                index.Chunks[ranked[i].Document],
                best > 0 ? ranked[i].Score / best : 0,
                ScoreOf(lexical, ranked[i].Document),
                ScoreOf(vectorScores, ranked[i].Document)),
            i => index.SentenceTerms.TermIds(ranked[i].Document),
            k,
            this.options.MaxPerArticle,
            this.options.MinRelevance);
        this.logger.LogDebug(
            "Retrieved {Count} chunks for {Mode} query with {Clauses} clauses and {AliasGroups} alias groups in {ElapsedMs} ms",
            results.Count,
            effectiveMode,
            analyzed.Clauses.Count,
            analyzed.AliasGroups.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return results;
    }

    // A sentence-embedding model reads the question as written (its meaning is in the stopwords and word order too); the
    // ML.NET n-gram vectors see the analysed terms, as their chunks were. Returns the ranking and the chunks' cosines.
    private async Task<(IReadOnlyList<ScoredDocument> Ranking, IReadOnlyList<ScoredDocument> Cosines)> VectorRankingAsync(
        CorpusIndex index, string query, string analyzedText, IReadOnlyList<ScoredDocument> lexical, CancellationToken cancellationToken)
    {
        if (index.Generator is ISparseEmbeddingGenerator sparse)
        {
            var ranking = string.IsNullOrWhiteSpace(analyzedText)
                ? []
                : index.Vectors.Search(sparse.GenerateSparse([analyzedText], cancellationToken)[0], this.options.Candidates);
            return (ranking, ranking);
        }

        if (!index.Embeddings.HasChunkVectors)
        {
            return ([], []);
        }

        var vector = await this.queryEmbedder.EmbedAsync(index, query, cancellationToken).ConfigureAwait(false);
        if (vector is null)
        {
            return ([], []);
        }

        // A chunk is as close as its whole text or its closest sentence: a passage that answers in one sentence among
        // others about something else is found by that sentence. Sentences are compared only within the candidates the
        // chunk vectors and BM25 found, which keeps a query from reading every sentence vector of a large corpus.
        var chunks = index.Embeddings.SearchChunks(vector, this.options.Candidates);
        var candidates = chunks.Select(c => c.Document).Concat(lexical.Select(c => c.Document)).Distinct().ToList();
        return (this.fusion.Fuse([chunks, SentenceRanking(index, vector, candidates)]), chunks);
    }

    // Candidate chunks ranked by their closest sentence.
    private static IReadOnlyList<ScoredDocument> SentenceRanking(CorpusIndex index, float[] query, IReadOnlyList<int> chunks)
    {
        var ranked = new List<ScoredDocument>(chunks.Count);
        foreach (var chunk in chunks)
        {
            var best = double.NegativeInfinity;
            foreach (var sentence in index.Sentences.OfChunk(chunk))
            {
                best = Math.Max(best, index.Embeddings.Similarity(query, index.SentenceRow(sentence)));
            }

            if (best > 0)
            {
                ranked.Add(new ScoredDocument(chunk, best));
            }
        }

        ranked.Sort((a, b) => b.Score.CompareTo(a.Score) is var order && order != 0 ? order : a.Document.CompareTo(b.Document));
        return ranked;
    }

    // The score a ranking gave the document, 0 when it did not list it; rankings hold at most the candidate count.
    private static double ScoreOf(IReadOnlyList<ScoredDocument> ranking, int document)
    {
        for (var i = 0; i < ranking.Count; i++)
        {
            if (ranking[i].Document == document)
            {
                return ranking[i].Score;
            }
        }

        return 0;
    }
}
