using AskBot.Core.Corpus;
using BenchmarkDotNet.Attributes;

namespace AskBot.Benchmarks.Micro;

/// <summary>Whole ingestion of seeds/: read, split into articles, drop boilerplate, chunk, drop near-duplicates.</summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    private IngestionPipeline pipeline = null!;

    [GlobalSetup]
    public void Setup() => this.pipeline = SeedCorpus.CreatePipeline();

    [Benchmark]
    public async Task<object> IngestSeedsAsync() => await this.pipeline.IngestAsync(RepoPaths.Seeds);
}
