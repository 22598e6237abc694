using AskBot.Benchmarks.Support;
using AskBot.Core.Answering;
using AskBot.Core.Indexing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Micro;

/// <summary>
/// The full offline in-process ask (rewrite, hybrid retrieval, Semantic Kernel prompt, extractive answer, grounding
/// guard, citations) on the cached seed index, one operation = one question; and loading that cached index.
/// </summary>
[MemoryDiagnoser]
public class AskBenchmarks
{
    private string cacheDir = string.Empty;
    private ServiceProvider services = null!;
    private IAskService ask = null!;

    [GlobalSetup]
    public void Setup()
    {
        this.cacheDir = AskBotHost.TempFolder("askbot-bench-ask");
        this.services = AskBotHost.Build(RepoPaths.Seeds, this.cacheDir);
        this.services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync().GetAwaiter().GetResult();
        this.ask = this.services.GetRequiredService<IAskService>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this.services.Dispose();
        AskBotHost.TryDeleteFolder(this.cacheDir);
    }

    [Benchmark(OperationsPerInvoke = 10)]
    public async Task<int> AskAsync()
    {
        var chars = 0;
        foreach (var question in SeedCorpus.Questions)
        {
            chars += (await this.ask.AskAsync(question).ConfigureAwait(false)).Answer.Length;
        }

        return chars;
    }

    /// <summary>What a fresh process pays before its first answer: hash the corpus, read the cache, load the embedder.</summary>
    [Benchmark]
    public async Task<int> LoadCachedIndexAsync()
    {
        using var fresh = AskBotHost.Build(RepoPaths.Seeds, this.cacheDir);
        var info = await fresh.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync().ConfigureAwait(false);
        return info.Statistics.Chunks;
    }
}
