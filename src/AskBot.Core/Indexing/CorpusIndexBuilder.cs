using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.AI;

namespace AskBot.Core.Indexing;

/// <summary>
/// Builds a <see cref="CorpusIndex"/> from ingested chunks: mines aliases, indexes terms, collects the distinct sentences,
/// and embeds chunks and sentences. Dense vectors whose text is unchanged since the previous build are taken from its
/// store instead of running the model again.
/// </summary>
internal sealed class CorpusIndexBuilder
{
    // Texts handed to the generator per call: small enough for a progress line that moves, large enough for the
    // provider's own batching (ONNX batches of 8, API batches of up to 2048).
    private const int EmbeddingBatchSize = 32;

    // Sparse batches stream through one ML.NET cursor each; larger batches amortise the data-view setup.
    private const int SparseEmbeddingBatchSize = 2048;

    /// <summary>Bump when <see cref="EmbeddingTexts"/> changes what is embedded: cached vectors then no longer fit.</summary>
    public const int EmbeddingTextsVersion = 2;

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
    /// <param name="ingestion">Documents and chunks.</param>
    /// <param name="contentHash">The cache key the index is built for.</param>
    /// <param name="embeddingFingerprint">Provider and settings; vectors of <paramref name="previous"/> are reused only when it matches.</param>
    /// <param name="previous">Dense vectors of the previous build, if any.</param>
    /// <param name="progress">Stage progress.</param>
    /// <param name="checkpoint">
    /// Given the vectors embedded since its last call every <see cref="CheckpointEveryTexts"/> embedded texts, so an
    /// interrupted build can be resumed from them (see <see cref="CorpusIndexProvider"/>).
    /// </param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<CorpusIndex> BuildAsync(
        IngestionResult ingestion,
        string contentHash,
        string embeddingFingerprint,
        EmbeddingStore? previous = null,
        IProgress<IndexProgress>? progress = null,
        Func<EmbeddingStore, CancellationToken, Task>? checkpoint = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(contentHash);
        ArgumentNullException.ThrowIfNull(embeddingFingerprint);
        var chunks = ingestion.Chunks;

        progress?.Report(new IndexProgress("indexing", 0, chunks.Count));
        var aliases = new AliasMiner(this.analyzer).Mine(ingestion.Documents.Select(d => d.Text));
        var lexical = BuildLexical(chunks, aliases, this.analyzer, cancellationToken);

        // Queries read each candidate's sentence term ids; analysing them here keeps chunk text analysis off the query path.
        var sentenceTerms = SentenceTermCache.Build(chunks, this.analyzer, aliases, lexical, cancellationToken);
        var sentences = SentenceIndex.Build(chunks, ingestion.Documents);
        progress?.Report(new IndexProgress("indexing", chunks.Count, chunks.Count));

        var generator = await this.generatorFactory.CreateAsync(chunks.Select(c => c.Text).ToList(), cancellationToken).ConfigureAwait(false);
        try
        {
            VectorIndex sparseVectors;
            EmbeddingStore store;
            var reused = 0;
            if (generator is ISparseEmbeddingGenerator sparse)
            {
                sparseVectors = SparseChunkVectors(sparse, chunks, progress, cancellationToken);
                store = EmbeddingStore.Empty(embeddingFingerprint);
            }
            else
            {
                sparseVectors = new VectorIndex([]);
                var texts = EmbeddingTexts(chunks, sentences, ingestion.Documents);
                (store, reused) = await this.EmbedAsync(generator, texts, chunks.Count, embeddingFingerprint, previous, progress, checkpoint, cancellationToken).ConfigureAwait(false);
            }

            return new CorpusIndex(
                contentHash,
                chunks,
                ingestion.Documents,
                lexical,
                sparseVectors,
                store,
                sentences,
                aliases,
                sentenceTerms,
                generator,
                ingestion.Statistics,
                ingestion.Warnings)
            {
                ReusedEmbeddings = reused,
            };
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What is embedded for each row of the store: every chunk's text, then every distinct sentence's text after its
    /// article's title. A sentence alone often leaves out what it is about ("It was founded in …"); the title says it.
    /// </summary>
    internal static List<string> EmbeddingTexts(IReadOnlyList<Chunk> chunks, SentenceIndex sentences, IReadOnlyList<SourceDocument> documents)
    {
        var texts = new List<string>(chunks.Count + sentences.Count);
        texts.AddRange(chunks.Select(c => c.Text));
        for (var s = 0; s < sentences.Count; s++)
        {
            var text = sentences.Span(s).Slice(documents[sentences.Document(s)].Text);
            var title = chunks[sentences.ChunkOf(s)].Title;
            texts.Add(string.IsNullOrWhiteSpace(title) ? text : $"{title.Trim()}: {text}");
        }

        return texts;
    }

    private static VectorIndex SparseChunkVectors(
        ISparseEmbeddingGenerator sparse, IReadOnlyList<Chunk> chunks, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var texts = chunks.Select(c => c.Text).ToList();
        var vectors = new List<SparseVector>(texts.Count);
        progress?.Report(new IndexProgress("embedding", 0, texts.Count));
        for (var start = 0; start < texts.Count; start += SparseEmbeddingBatchSize)
        {
            vectors.AddRange(sparse.GenerateSparse(texts.GetRange(start, Math.Min(SparseEmbeddingBatchSize, texts.Count - start)), cancellationToken));
            progress?.Report(new IndexProgress("embedding", vectors.Count, texts.Count));
        }

        return new VectorIndex(vectors);
    }

    private async Task<(EmbeddingStore Store, int Reused)> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        List<string> texts,
        int chunkRows,
        string fingerprint,
        EmbeddingStore? previous,
        IProgress<IndexProgress>? progress,
        Func<EmbeddingStore, CancellationToken, Task>? checkpoint,
        CancellationToken cancellationToken)
    {
        var keys = new UInt128[texts.Count];
        var truncated = new bool[texts.Count];
        var known = new Dictionary<UInt128, int>();
        var usable = previous is not null && previous.Dimensions > 0 && string.Equals(previous.Fingerprint, fingerprint, StringComparison.Ordinal);
        if (usable)
        {
            for (var row = 0; row < previous!.Rows; row++)
            {
                known.TryAdd(previous.Key(row), row);
            }
        }

        var rows = new EmbeddingStore.Builder(texts.Count, usable ? previous!.Dimensions : 0);
        var missing = new List<int>();
        var reused = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            keys[i] = EmbeddingStore.KeyOf(texts[i]);
            if (known.TryGetValue(keys[i], out var row))
            {
                rows.CopyFrom(i, previous!, row);
                truncated[i] = previous!.WasTruncated(row);
                reused++;
            }
            else
            {
                missing.Add(i);
            }
        }

        progress?.Report(new IndexProgress("embedding", reused, texts.Count));
        var sinceCheckpoint = 0;
        var checkpointed = 0;
        for (var start = 0; start < missing.Count; start += EmbeddingBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.GetRange(start, Math.Min(EmbeddingBatchSize, missing.Count - start));
            var embeddings = await generator.GenerateAsync(batch.Select(i => texts[i]), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedding provider returned {embeddings.Count} vectors for {batch.Count} texts.");
            }

            for (var b = 0; b < batch.Count; b++)
            {
                rows.Set(batch[b], Normalized(embeddings[b].Vector.Span));
                truncated[batch[b]] = embeddings[b].AdditionalProperties?.TryGetValue(EmbeddingMetadata.Truncated, out var flag) == true && flag is true;
            }

            progress?.Report(new IndexProgress("embedding", reused + start + batch.Count, texts.Count));
            sinceCheckpoint += batch.Count;
            if (checkpoint is not null && sinceCheckpoint >= this.CheckpointEveryTexts && start + batch.Count < missing.Count)
            {
                // Only the rows embedded since the last checkpoint: rewriting all of them each time made a large build's
                // checkpoints grow with the square of its size.
                var embedded = start + batch.Count;
                await checkpoint(rows.BuildRows(missing.GetRange(checkpointed, embedded - checkpointed), fingerprint, keys, truncated), cancellationToken).ConfigureAwait(false);
                checkpointed = embedded;
                sinceCheckpoint = 0;
            }
        }

        return (rows.Build(fingerprint, chunkRows, keys, truncated), reused);
    }

    /// <summary>How many newly embedded texts between two checkpoints (a few minutes of work for a local model).</summary>
    public int CheckpointEveryTexts { get; set; } = 8192;

    // Providers normally return unit vectors; an API that does not would otherwise skew every cosine.
    private static float[] Normalized(ReadOnlySpan<float> vector)
    {
        var copy = vector.ToArray();
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(copy);
        if (norm > 0 && Math.Abs(norm - 1) > 1e-4)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }

    // A method of its own so the per-chunk term lists are garbage before the embedder runs: as locals of the async
    // state machine they stayed reachable until it returned. Each distinct word is analysed once (the memo shares its
    // term strings between chunks), and the chunks are analysed on every core: at 600k chunks this was the longest
    // step of the lexical build.
    internal static Bm25Index BuildLexical(IReadOnlyList<Chunk> chunks, AliasTable aliases, TermAnalyzer analyzer, CancellationToken cancellationToken)
    {
        var memo = new WordTermMemo();
        var documentTerms = new IReadOnlyList<string>[chunks.Count];
        Parallel.For(
            0,
            chunks.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new List<string>(),
            (c, _, terms) =>
            {
                terms.Clear();
                var text = chunks[c].Text;
                memo.AnalyzeInto(text, 0, text.Length, analyzer, null, terms, null);
                documentTerms[c] = aliases.Annotate(terms.ToArray());
                return terms;
            },
            _ => { });
        return Bm25Index.Build(documentTerms);
    }
}
