using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Tests.Corpus;

public sealed class IngestionPipelineTests
{
    [Fact]
    public async Task IngestAsync_Seeds_ReportsStatisticsAndKeepsOnlyDeduplicatedChunks()
    {
        var pipeline = new IngestionPipeline(Options.Create(new ChunkingOptions()), NullLogger<IngestionPipeline>.Instance);

        var result = await pipeline.IngestAsync(IngestionSeeds.SeedsPath);

        Assert.Equal(new IngestionStatistics(5, 0, 11, result.Chunks.Count, result.Statistics.DuplicatesDropped, 16), result.Statistics);
        Assert.True(result.Statistics.DuplicatesDropped > 0);
        Assert.Empty(result.Warnings);
        Assert.Equal(5, result.Documents.Count);
        Assert.Equal(11, result.Articles.Count);
        Assert.DoesNotContain(result.Chunks, c => c.DocId == IngestionSeeds.File001 && c.ArticleOrdinal == 3);
        Assert.Equal(result.Chunks.Count, result.Chunks.Select(c => c.ChunkId).Distinct().Count());
        var texts = result.Documents.ToDictionary(d => d.DocId, d => d.Text);
        Assert.All(result.Chunks, c => Assert.Equal(texts[c.DocId][c.Start..c.End], c.Text));
    }

    [Fact]
    public async Task IngestAsync_IsDeterministic()
    {
        var pipeline = new IngestionPipeline(Options.Create(new ChunkingOptions()), NullLogger<IngestionPipeline>.Instance);

        var first = await pipeline.IngestAsync(IngestionSeeds.SeedsPath);
        var second = await pipeline.IngestAsync(IngestionSeeds.SeedsPath);

        Assert.Equal(first.Chunks.Select(c => (c.ChunkId, c.Start, c.End)), second.Chunks.Select(c => (c.ChunkId, c.Start, c.End)));
    }

    [Fact]
    public async Task IngestAsync_BadFile_IsSkippedWithAWarningThatIsLoggedWithNamedValues()
    {
        using var folder = new IngestionTempFolder();
        folder.WriteText("a.txt", "A short article body. It has two sentences.");
        folder.WriteBytes("b.txt", [0x00, 0x01, 0x02]);
        var logger = new IngestionTestLogger<IngestionPipeline>();
        var pipeline = new IngestionPipeline(Options.Create(new ChunkingOptions()), logger);

        var result = await pipeline.IngestAsync(folder.Path);

        Assert.Equal((1, 1), (result.Statistics.Files, result.Statistics.FilesSkipped));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("b.txt", warning, StringComparison.Ordinal);
        var logged = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(logged.State, kv => kv.Key == "FileName" && Equals(kv.Value, "b.txt"));
        Assert.Contains("b.txt", logged.Message, StringComparison.Ordinal);
        Assert.Single(result.Chunks);
    }

    [Fact]
    public async Task IngestAsync_MissingFolder_ThrowsCorpusNotFound()
    {
        var pipeline = new IngestionPipeline(Options.Create(new ChunkingOptions()), NullLogger<IngestionPipeline>.Instance);
        var missing = Path.Combine(Path.GetTempPath(), "askbot-missing-" + Guid.NewGuid().ToString("N"));

        var ex = await Assert.ThrowsAsync<CorpusNotFoundException>(() => pipeline.IngestAsync(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAskBotIngestion_RegistersPipelineAndComponentsAsSingletons()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new ChunkingOptions()));
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddAskBotIngestion();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.IsType<IngestionPipeline>(provider.GetRequiredService<IIngestionPipeline>());
        Assert.Same(provider.GetRequiredService<IIngestionPipeline>(), provider.GetRequiredService<IIngestionPipeline>());
        Assert.NotNull(provider.GetRequiredService<CorpusReader>());
        Assert.NotNull(provider.GetRequiredService<ArticleSplitter>());
        Assert.NotNull(provider.GetRequiredService<Chunker>());
        Assert.NotNull(provider.GetRequiredService<SentenceSplitter>());
        Assert.NotNull(provider.GetRequiredService<NearDuplicateFilter>());
        Assert.All(services.Where(s => s.ServiceType.Namespace?.StartsWith("AskBot", StringComparison.Ordinal) == true), s => Assert.Equal(ServiceLifetime.Singleton, s.Lifetime));
    }
}
