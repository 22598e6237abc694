using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Indexing;

/// <summary>Builds a <see cref="CorpusIndex"/> from ingested chunks: mines aliases, indexes terms, fits and runs the embedder.</summary>
public sealed class CorpusIndexBuilder
{
    private const int EmbeddingBatchSize = 64;

    // Sparse batches stream through one ML.NET cursor each; larger batches amortise the data-view setup.
    private const int SparseEmbeddingBatchSize = 2048;

    private readonly TermAnalyzer analyzer;
    private readonly IEmbeddingGeneratorFactory generatorFactory;

    public CorpusIndexBuilder(TermAnalyzer analyzer, IEmbeddingGeneratorFactory generatorFactory)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        this.analyzer = analyzer;
        this.generatorFactory = generatorFactory;
    }

    /// <summary>Builds the index for <paramref name="ingestion"/>.</summary>
    public async Task<CorpusIndex> BuildAsync(
        IngestionResult ingestion,
        string contentHash,
        IProgress<IndexProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(contentHash);
        var chunks = ingestion.Chunks;

        progress?.Report(new IndexProgress("indexing", 0, chunks.Count));
        var aliases = new AliasMiner(this.analyzer).Mine(ingestion.Documents.Select(d => d.Text));
        var lexical = this.BuildLexical(chunks, aliases, cancellationToken);

        // Queries read each candidate's sentence term ids; analysing them here keeps chunk text analysis off the query path.
        var sentenceTerms = SentenceTermCache.Build(chunks, this.analyzer, aliases, lexical, cancellationToken);
        progress?.Report(new IndexProgress("indexing", chunks.Count, chunks.Count));

        progress?.Report(new IndexProgress("embedding", 0, chunks.Count));
        var texts = chunks.Select(c => c.Text).ToList();
        var generator = await this.generatorFactory.CreateAsync(texts, cancellationToken).ConfigureAwait(false);
        try
        {
            var vectors = new List<SparseVector>(chunks.Count);
            var sparse = generator as ISparseEmbeddingGenerator;
            var batchSize = sparse is null ? EmbeddingBatchSize : SparseEmbeddingBatchSize;
            for (var start = 0; start < texts.Count; start += batchSize)
            {
                var batch = texts.GetRange(start, Math.Min(batchSize, texts.Count - start));
                if (sparse is not null)
                {
                    vectors.AddRange(sparse.GenerateSparse(batch, cancellationToken));
                }
                else
                {
                    var embeddings = await generator.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
                    vectors.AddRange(embeddings.Select(e => SparseVector.FromDense(e.Vector.Span)));
                }

                progress?.Report(new IndexProgress("embedding", vectors.Count, chunks.Count));
            }

            return new CorpusIndex(
                contentHash,
                chunks,
                ingestion.Documents,
                lexical,
                new VectorIndex(vectors),
                aliases,
                sentenceTerms,
                generator,
                ingestion.Statistics,
                ingestion.Warnings);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    // A method of its own so the per-chunk term lists (one string per token, the largest transient of the build) are
    // garbage before the embedder runs: as locals of the async state machine they stayed reachable until it returned.
    private Bm25Index BuildLexical(IReadOnlyList<Chunk> chunks, AliasTable aliases, CancellationToken cancellationToken)
    {
        var documentTerms = new List<IReadOnlyList<string>>(chunks.Count);
        foreach (var chunk in chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            documentTerms.Add(aliases.Annotate(this.analyzer.Terms(chunk.Text)));
        }

        return Bm25Index.Build(documentTerms);
    }
}
