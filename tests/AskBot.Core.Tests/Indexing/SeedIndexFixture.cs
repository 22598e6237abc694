using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Tests.Indexing;

/// <summary>Builds the real seed corpus index once per test class, with the real ingestion pipeline and a temp cache.</summary>
public sealed class SeedIndexFixture : IAsyncLifetime
{
    public SeedIndexFixture()
    {
        this.CacheDirectory = Path.Combine(Path.GetTempPath(), "askbot-test-" + Guid.NewGuid().ToString("N"));
        this.Provider = CreateProvider(SeedCorpus.SeedsPath, this.CacheDirectory);
        this.Retriever = new HybridRetriever(this.Provider, Options.Create(new RetrievalOptions()), new TermAnalyzer(), new QueryEmbedder(new EmbeddingGeneratorFactory(Options.Create(new EmbeddingsOptions { Provider = EmbeddingProviders.MlNet }), new TermAnalyzer())), NullLogger<HybridRetriever>.Instance);
    }

    public string CacheDirectory { get; }

    internal CorpusIndexProvider Provider { get; }

    internal HybridRetriever Retriever { get; }

    public CorpusIndexInfo Info { get; private set; } = null!;

    internal static CorpusIndexProvider CreateProvider(
        string corpusPath, string cacheDirectory, ChunkingOptions? chunking = null, ILogger<CorpusIndexProvider>? logger = null)
    {
        var analyzer = new TermAnalyzer();
        var chunkingOptions = Options.Create(chunking ?? new ChunkingOptions());
        var embeddings = Options.Create(new EmbeddingsOptions { Provider = EmbeddingProviders.MlNet });
        return new CorpusIndexProvider(
            Options.Create(new CorpusOptions { Path = corpusPath, IndexCachePath = cacheDirectory }),
            chunkingOptions,
            embeddings,
            new IngestionPipeline(chunkingOptions, NullLogger<IngestionPipeline>.Instance),
            new EmbeddingGeneratorFactory(embeddings, analyzer),
            analyzer,
            logger ?? NullLogger<CorpusIndexProvider>.Instance);
    }

    /// <summary>A provider over <paramref name="corpusPath"/> whose dense vectors come from <paramref name="embeddings"/>.</summary>
    internal static CorpusIndexProvider CreateDenseProvider(
        string corpusPath, string cacheDirectory, CountingEmbeddingGeneratorFactory embeddings, int checkpointEveryTexts = 8192)
    {
        var chunking = Options.Create(new ChunkingOptions());
        return new CorpusIndexProvider(
            Options.Create(new CorpusOptions { Path = corpusPath, IndexCachePath = cacheDirectory }),
            chunking,
            Options.Create(new EmbeddingsOptions()),
            new IngestionPipeline(chunking, NullLogger<IngestionPipeline>.Instance),
            embeddings,
            new TermAnalyzer(),
            NullLogger<CorpusIndexProvider>.Instance)
        {
            CheckpointEveryTexts = checkpointEveryTexts,
        };
    }

    public async Task InitializeAsync()
    {
        this.Info = await this.Provider.EnsureLoadedAsync();
    }

    public Task DisposeAsync()
    {
        this.Provider.Dispose();
        if (Directory.Exists(this.CacheDirectory))
        {
            Directory.Delete(this.CacheDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
