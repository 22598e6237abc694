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
public sealed class HybridRetriever : IRetriever
{
    private readonly ICorpusIndexSource indexSource;
    private readonly RetrievalOptions options;
    private readonly QueryAnalyzer queryAnalyzer;
    private readonly ResultSelector selector;
    private readonly ReciprocalRankFusion fusion;
    private readonly SentenceCoOccurrenceBooster booster;
    private readonly ILogger<HybridRetriever> logger;

    public HybridRetriever(ICorpusIndexSource indexSource, IOptions<RetrievalOptions> options, TermAnalyzer analyzer, ILogger<HybridRetriever> logger)
    {
        ArgumentNullException.ThrowIfNull(indexSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(logger);
        this.indexSource = indexSource;
        this.options = options.Value;
        this.queryAnalyzer = new QueryAnalyzer(analyzer);
        this.selector = new ResultSelector(analyzer);
        this.fusion = new ReciprocalRankFusion(this.options.RrfK);
        this.booster = new SentenceCoOccurrenceBooster(analyzer);
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query,
        RetrievalModes? mode = null,
        int? topK = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var effectiveMode = mode ?? this.options.Mode;
        var k = topK ?? this.options.TopK;
        if (k <= 0 || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var index = await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
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
        if (effectiveMode != RetrievalModes.Lexical && !string.IsNullOrWhiteSpace(analyzed.VectorText))
        {
            SparseVector queryVector;
            if (index.Generator is ISparseEmbeddingGenerator sparse)
            {
                queryVector = sparse.GenerateSparse([analyzed.VectorText], cancellationToken)[0];
            }
            else
            {
                var embeddings = await index.Generator.GenerateAsync([analyzed.VectorText], cancellationToken: cancellationToken).ConfigureAwait(false);
                queryVector = SparseVector.FromDense(embeddings[0].Vector.Span);
            }

            vector = index.Vectors.Search(queryVector, this.options.Candidates);
        }

        var ranked = effectiveMode switch
        {
            RetrievalModes.Lexical => lexicalRanking,
            RetrievalModes.Vector => vector,
            _ => this.fusion.Fuse([lexicalRanking, vector]),
        };

        var lexicalScores = lexical.ToDictionary(s => s.Document, s => s.Score);
        var vectorScores = vector.ToDictionary(s => s.Document, s => s.Score);
        var best = ranked.Count == 0 ? 0 : ranked[0].Score;
        var candidates = ranked
            .Select(r => new RetrievedChunk(
                index.Chunks[r.Document],
                best > 0 ? r.Score / best : 0,
                lexicalScores.GetValueOrDefault(r.Document),
                vectorScores.GetValueOrDefault(r.Document)))
            .ToList();
        var results = this.selector.Select(candidates, k, this.options.MaxPerArticle, this.options.MinRelevance);
        this.logger.LogDebug(
            "Retrieved {Count} chunks for {Mode} query with {Clauses} clauses and {AliasGroups} alias groups in {ElapsedMs} ms",
            results.Count,
            effectiveMode,
            analyzed.Clauses.Count,
            analyzed.AliasGroups.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return results;
    }
}
