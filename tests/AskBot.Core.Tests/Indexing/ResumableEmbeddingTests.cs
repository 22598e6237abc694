using AskBot.Core.Indexing;

namespace AskBot.Core.Tests.Indexing;

/// <summary>An embedding run stopped part-way (Ctrl-C, a crash) continues where it stopped on the next build.</summary>
public sealed class ResumableEmbeddingTests : IDisposable
{
    private const string Marker = "Quillfeather";

    private readonly string root = Path.Combine(Path.GetTempPath(), "askbot-resume-" + Guid.NewGuid().ToString("N"));

    public ResumableEmbeddingTests()
    {
        Directory.CreateDirectory(this.CorpusPath);
        foreach (var file in SeedCorpus.Files())
        {
            File.Copy(file, Path.Combine(this.CorpusPath, Path.GetFileName(file)));
        }

        // Sorted last, so its chunk is embedded after every seed chunk: the build is stopped there.
        File.WriteAllText(
            Path.Combine(this.CorpusPath, "zz-late.txt"),
            $"The {Marker} prize\n\nBy Staff Reporter\n\nJune 2, 2026\n\nThe {Marker} prize for poetry was awarded on Tuesday to a first-time author.\n");
    }

    private string CorpusPath => Path.Combine(this.root, "corpus");

    private string CachePath => Path.Combine(this.root, "cache");

    [Fact]
    public async Task An_interrupted_build_leaves_a_checkpoint_and_the_next_build_embeds_only_the_rest()
    {
        var interrupted = await this.InterruptedBuildAsync();

        var checkpoint = Path.Combine(this.CachePath, CorpusIndexProvider.PartialEmbeddingsFileName);
        Assert.True(File.Exists(checkpoint), "no checkpoint was written");
        Assert.False(File.Exists(Path.Combine(this.CachePath, CorpusIndexProvider.CacheFileName)));
        var embeddedBefore = interrupted.Embedded.Count;

        var resumed = new CountingEmbeddingGeneratorFactory();
        using var second = this.CreateProvider(resumed);
        var info = await second.EnsureLoadedAsync();

        var vectors = info.Embeddings.Chunks + info.Embeddings.Sentences;
        Assert.True(info.Embeddings.Reused >= 96, $"only {info.Embeddings.Reused} vectors were taken from the checkpoint");
        Assert.True(info.Embeddings.Reused <= embeddedBefore, $"reused {info.Embeddings.Reused} of the {embeddedBefore} embedded before the stop");
        Assert.Equal(vectors - info.Embeddings.Reused, resumed.Embedded.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(resumed.Embedded, t => t.Contains(Marker, StringComparison.Ordinal));
        Assert.False(File.Exists(checkpoint), "the checkpoint outlived the finished cache");
        Assert.True(File.Exists(Path.Combine(this.CachePath, CorpusIndexProvider.CacheFileName)));
    }

    [Fact]
    public async Task A_checkpoint_with_a_torn_last_segment_keeps_the_segments_before_it()
    {
        var interrupted = await this.InterruptedBuildAsync();

        // A build killed while appending its next segment leaves part of one behind.
        var checkpoint = Path.Combine(this.CachePath, CorpusIndexProvider.PartialEmbeddingsFileName);
        var intact = new FileInfo(checkpoint).Length;
        await File.AppendAllTextAsync(checkpoint, "\u0015onnx:torn");

        var resumed = new CountingEmbeddingGeneratorFactory();
        using (var second = this.CreateProvider(resumed))
        {
            var info = await second.EnsureLoadedAsync();
            Assert.True(info.Embeddings.Reused >= 96, $"only {info.Embeddings.Reused} vectors were taken from the checkpoint");
        }

        // Checkpoints are one segment per 32 texts here: several segments were written, each holding only its own rows.
        Assert.True(interrupted.Embedded.Count >= 96);
        Assert.True(intact < (interrupted.Embedded.Count + 32) * 300, $"the checkpoint is {intact} bytes for {interrupted.Embedded.Count} texts");
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_ignored_and_the_build_embeds_everything()
    {
        Directory.CreateDirectory(this.CachePath);
        await File.WriteAllBytesAsync(Path.Combine(this.CachePath, CorpusIndexProvider.PartialEmbeddingsFileName), [1, 2, 3, 4, 5]);
        var embeddings = new CountingEmbeddingGeneratorFactory();
        using var provider = this.CreateProvider(embeddings);

        var info = await provider.EnsureLoadedAsync();

        Assert.Equal(0, info.Embeddings.Reused);
        Assert.NotEmpty(embeddings.Embedded);
    }

    public void Dispose()
    {
        if (Directory.Exists(this.root))
        {
            Directory.Delete(this.root, recursive: true);
        }
    }

    private CorpusIndexProvider CreateProvider(CountingEmbeddingGeneratorFactory embeddings) =>
        SeedIndexFixture.CreateDenseProvider(this.CorpusPath, this.CachePath, embeddings, checkpointEveryTexts: 32);

    // A build stopped (as by Ctrl-C) while it embeds the last file's chunk; returns the provider that embedded until then.
    private async Task<CountingEmbeddingGeneratorFactory> InterruptedBuildAsync()
    {
        var interrupted = new CountingEmbeddingGeneratorFactory();
        var hold = interrupted.HoldTextsContaining(Marker);
        using var stop = new CancellationTokenSource();
        using var first = this.CreateProvider(interrupted);
        var build = first.EnsureLoadedAsync(null, stop.Token);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        return interrupted;
    }
}
