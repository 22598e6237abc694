using AskBot.Benchmarks.Support;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Micro;

/// <summary>Retrieval over the cached seed index, one operation = one question (averaged over a fixed set).</summary>
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private string cacheDir = string.Empty;
    private ServiceProvider services = null!;
    private IRetriever retriever = null!;

    [Params(RetrievalModes.Lexical, RetrievalModes.Vector, RetrievalModes.Hybrid)]
    public RetrievalModes Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        this.cacheDir = AskBotHost.TempFolder("askbot-bench-index");
        this.services = AskBotHost.Build(RepoPaths.Seeds, this.cacheDir, this.Mode);
        this.services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync().GetAwaiter().GetResult();
        this.retriever = this.services.GetRequiredService<IRetriever>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        this.services.Dispose();
        AskBotHost.TryDeleteFolder(this.cacheDir);
    }

    [Benchmark(OperationsPerInvoke = 10)]
    public async Task<int> RetrieveAsync()
    {
        var count = 0;
        foreach (var question in SeedCorpus.Questions)
        {
            count += (await this.retriever.RetrieveAsync(question, this.Mode).ConfigureAwait(false)).Count;
        }

        return count;
    }
}
