using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Hosting;
using AskBot.Core.Indexing;
using AskBot.Core.Telemetry;
using AskBot.Core.Tests.TestSupport;
using AskBot.Core.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace AskBot.Core.Tests.Indexing;

/// <summary><see cref="ICorpusIndexProvider.RefreshAsync"/> over a temp copy of the seeds, with a dense provider that counts what it embeds.</summary>
public sealed class CorpusRefreshTests : IDisposable
{
    private const string NewFact = """
        Jane Doe
        Tue, April 2, 2024
        The Quillmark Observatory opened on the northern ridge above the town of Tessaly on Monday.
        Its main telescope has a mirror four meters wide and was built over eleven years.
        Astronomers at the Quillmark Observatory plan to survey faint comets first.
        """;

    private readonly string root = Path.Combine(Path.GetTempPath(), "askbot-refresh-test-" + Guid.NewGuid().ToString("N"));
    private readonly CountingEmbeddingGeneratorFactory embeddings = new();
    private readonly IngestionTestLogger<CorpusIndexProvider> logger = new();
    private readonly ITestOutputHelper output;
    private IngestionTestLogger<IngestionPipeline>? ingestionLogger;

    public CorpusRefreshTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(this.CorpusPath);
        foreach (var file in SeedCorpus.Files())
        {
            File.Copy(file, Path.Combine(this.CorpusPath, Path.GetFileName(file)));
        }
    }

    private string CorpusPath => Path.Combine(this.root, "corpus");

    private string CachePath => Path.Combine(this.root, "cache");

    public void Dispose()
    {
        Directory.Delete(this.root, recursive: true);
    }

    [Fact]
    public async Task An_unchanged_corpus_keeps_the_served_index_and_embeds_nothing()
    {
        using var provider = this.CreateProvider();
        var before = await provider.GetIndexAsync();
        var embeddedBefore = this.embeddings.Embedded.Count;
        var swaps = 0;
        provider.IndexSwapped += (_, _) => swaps++;

        var refresh = await provider.RefreshAsync();

        Assert.Equal(CorpusRefreshOutcome.Unchanged, refresh.Outcome);
        Assert.Same(before, await provider.GetIndexAsync());
        Assert.Equal(embeddedBefore, this.embeddings.Embedded.Count);
        Assert.Equal(0, swaps);
        Assert.Equal(before.Chunks.Count, refresh.Chunks);
    }

    [Fact]
    public async Task A_changed_file_is_swapped_in_and_only_its_new_texts_are_embedded()
    {
        using var provider = this.CreateProvider();
        var before = await provider.GetIndexAsync();
        var known = Enumerable.Range(0, before.Embeddings.Rows).Select(before.Embeddings.Key).ToHashSet();
        var embeddedBefore = this.embeddings.Embedded.Count;
        CorpusRefresh? announced = null;
        provider.IndexSwapped += (_, r) => announced = r;
        var file = SeedCorpus.Files()[2];
        await File.AppendAllTextAsync(
            Path.Combine(this.CorpusPath, Path.GetFileName(file)),
            "\nInvestigators said on Tuesday that the Quillmark ledger named every courier involved.\n");

        var refresh = await provider.RefreshAsync();
        var after = await provider.GetIndexAsync();
        var newlyEmbedded = this.embeddings.Embedded.Skip(embeddedBefore).ToList();
        this.output.WriteLine($"{refresh.Embedded} embedded, {refresh.Reused} reused of {after.Embeddings.Rows} rows in {refresh.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(CorpusRefreshOutcome.Swapped, refresh.Outcome);
        Assert.Same(refresh, announced);
        Assert.NotSame(before, after);
        Assert.Contains(after.Chunks, c => c.Text.Contains("Quillmark ledger", StringComparison.Ordinal));
        Assert.Equal(refresh.Embedded, newlyEmbedded.Count);
        Assert.Equal(after.Embeddings.Rows, refresh.Embedded + refresh.Reused);
        Assert.NotEmpty(newlyEmbedded);
        Assert.All(newlyEmbedded, text => Assert.DoesNotContain(EmbeddingStore.KeyOf(text), known));
        Assert.True(refresh.Reused > 10 * refresh.Embedded, $"{refresh.Embedded} embedded, {refresh.Reused} reused");
    }

    [Fact]
    public async Task A_removed_file_takes_its_chunks_out_of_the_index()
    {
        using var provider = this.CreateProvider();
        var before = await provider.GetIndexAsync();
        var removed = Path.GetFileNameWithoutExtension(SeedCorpus.Files()[0]);
        Assert.Contains(before.Chunks, c => c.DocId == removed);
        File.Delete(Path.Combine(this.CorpusPath, removed + ".txt"));

        var refresh = await provider.RefreshAsync();
        var after = await provider.GetIndexAsync();

        Assert.Equal(CorpusRefreshOutcome.Swapped, refresh.Outcome);
        Assert.Equal(before.Statistics.Files - 1, refresh.Files);
        Assert.DoesNotContain(after.Chunks, c => c.DocId == removed);
        Assert.False(after.TryGetDocument(removed, out _));
        Assert.Throws<KeyNotFoundException>(() => provider.GetDocument(removed));
        Assert.Equal(0, refresh.Embedded);
    }

    [Fact]
    public async Task A_broken_new_file_is_skipped_with_a_warning_and_the_rest_is_served()
    {
        using var provider = this.CreateProvider(new IngestionTestLogger<IngestionPipeline>());
        var before = await provider.GetIndexAsync();
        await File.WriteAllBytesAsync(Path.Combine(this.CorpusPath, "broken.txt"), [0x00, 0x01, 0xFF, 0xFE, 0x00, 0x00, 0x02]);
        await File.WriteAllTextAsync(Path.Combine(this.CorpusPath, "quillmark.txt"), NewFact);

        var refresh = await provider.RefreshAsync();
        var after = await provider.GetIndexAsync();

        Assert.Equal(CorpusRefreshOutcome.Swapped, refresh.Outcome);
        Assert.Contains(refresh.Warnings, w => w.Contains("broken.txt", StringComparison.Ordinal));
        Assert.Contains(this.ingestionLogger!.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("broken.txt", StringComparison.Ordinal));
        Assert.Equal(before.Statistics.Files + 1, after.Statistics.Files);
        Assert.Contains(after.Chunks, c => c.DocId == "quillmark");
        Assert.DoesNotContain(after.Chunks, c => c.DocId == "broken");
    }

    [Fact]
    public async Task A_rebuild_that_fails_keeps_serving_the_previous_index_with_a_warning()
    {
        using var provider = this.CreateProvider();
        var before = await provider.GetIndexAsync();
        foreach (var file in Directory.GetFiles(this.CorpusPath))
        {
            File.Delete(file);
        }

        var refresh = await provider.RefreshAsync();

        Assert.Equal(CorpusRefreshOutcome.Failed, refresh.Outcome);
        Assert.NotNull(refresh.Error);
        Assert.Same(before, await provider.GetIndexAsync());
        Assert.Equal(before.Chunks.Count, refresh.Chunks);
        Assert.Contains(this.logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("previous index", StringComparison.Ordinal));

        // Once the corpus is back, the next refresh swaps again.
        File.WriteAllText(Path.Combine(this.CorpusPath, "quillmark.txt"), NewFact);
        Assert.Equal(CorpusRefreshOutcome.Swapped, (await provider.RefreshAsync()).Outcome);
    }

    [Fact]
    public async Task Each_refresh_records_its_duration_with_its_outcome()
    {
        await using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var telemetry = new AskBotTelemetry(meterFactory);
        using var reloads = new MetricCollector<double>(meterFactory, AskBotTelemetry.Name, "askbot.corpus.reload.duration");
        using var provider = this.CreateProvider(telemetry: telemetry);
        await provider.GetIndexAsync();

        await provider.RefreshAsync();
        await File.WriteAllTextAsync(Path.Combine(this.CorpusPath, "quillmark.txt"), NewFact);
        await provider.RefreshAsync();

        Assert.Equal(["unchanged", "swapped"], reloads.GetMeasurementSnapshot().Select(m => m.Tags["askbot.outcome"]));
        Assert.All(reloads.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task A_swapped_index_is_written_to_the_cache_that_the_next_start_loads()
    {
        using (var provider = this.CreateProvider())
        {
            await provider.GetIndexAsync();
            await File.WriteAllTextAsync(Path.Combine(this.CorpusPath, "quillmark.txt"), NewFact);
            Assert.Equal(CorpusRefreshOutcome.Swapped, (await provider.RefreshAsync()).Outcome);
        }

        using var restarted = this.CreateProvider();
        var info = await restarted.EnsureLoadedAsync();

        Assert.True(info.LoadedFromCache);
        Assert.Equal([CorpusIndexProvider.CacheFileName], Directory.GetFiles(this.CachePath).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_question_in_flight_finishes_on_its_index_while_a_swap_happens()
    {
        await File.WriteAllTextAsync(Path.Combine(this.CorpusPath, "quillmark.txt"), NewFact);
        await using var services = this.BuildServices();
        var provider = services.GetRequiredService<ICorpusIndexProvider>();
        var ask = services.GetRequiredService<IAskService>();
        await provider.EnsureLoadedAsync();
        const string Question = "Where did the Quillmark Observatory open?";

        // The question stops inside retrieval, at its query embedding, with the index that still has the file.
        var hold = this.embeddings.HoldTextsContaining("Quillmark");
        var inFlight = ask.AskAsync(Question);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        File.Delete(Path.Combine(this.CorpusPath, "quillmark.txt"));
        var refresh = await provider.RefreshAsync();
        hold.Release();
        var answered = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        var next = await ask.AskAsync(Question);

        Assert.Equal(CorpusRefreshOutcome.Swapped, refresh.Outcome);
        Assert.Contains(answered.Retrieved, r => r.Chunk.DocId == "quillmark");
        Assert.False(answered.Refused, answered.Answer);
        Assert.Contains(answered.Citations, c => c.DocId == "quillmark");
        Assert.DoesNotContain(next.Retrieved, r => r.Chunk.DocId == "quillmark");
        Assert.DoesNotContain(next.Citations, c => c.DocId == "quillmark");
    }

    private CorpusIndexProvider CreateProvider(IngestionTestLogger<IngestionPipeline>? ingestionLogger = null, AskBotTelemetry? telemetry = null)
    {
        this.ingestionLogger = ingestionLogger;
        var analyzer = new TermAnalyzer();
        var chunking = Options.Create(new ChunkingOptions());
        return new CorpusIndexProvider(
            Options.Create(new CorpusOptions { Path = this.CorpusPath, IndexCachePath = this.CachePath }),
            chunking,
            Options.Create(new EmbeddingsOptions()),
            new IngestionPipeline(chunking, (ILogger<IngestionPipeline>?)ingestionLogger ?? NullLogger<IngestionPipeline>.Instance),
            this.embeddings,
            analyzer,
            this.logger,
            TimeProvider.System,
            telemetry);
    }

    private ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = this.CorpusPath,
            ["AskBot:Corpus:IndexCachePath"] = this.CachePath,
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IEmbeddingGeneratorFactory>(this.embeddings);
        services.AddAskBotCore(configuration);
        return services.BuildServiceProvider();
    }
}
