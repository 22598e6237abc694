using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace AskBot.Benchmarks.Micro;

/// <summary>ML.NET featurization (the offline embeddings): fitting on the seed chunks, embedding them, embedding one query.</summary>
[MemoryDiagnoser]
public class FeaturizationBenchmarks
{
    private readonly TermAnalyzer analyzer = new();
    private readonly EmbeddingsOptions options = new();
    private List<string> texts = [];
    private MlNetTextEmbeddingGenerator generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        this.texts = SeedCorpus.Ingest().Chunks.Select(c => c.Text).ToList();
        this.generator = MlNetTextEmbeddingGenerator.Fit(this.texts, this.options, this.analyzer);
    }

    [GlobalCleanup]
    public void Cleanup() => this.generator.Dispose();

    [Benchmark]
    public int AnalyzeChunkTerms()
    {
        var count = 0;
        foreach (var text in this.texts)
        {
            count += this.analyzer.Terms(text).Count;
        }

        return count;
    }

    [Benchmark]
    public int FitFeaturizer()
    {
        using var fitted = MlNetTextEmbeddingGenerator.Fit(this.texts, this.options, this.analyzer);
        return fitted.Dimensions;
    }

    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> EmbedAllChunksAsync() => this.generator.GenerateAsync(this.texts);

    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> EmbedOneQueryAsync() => this.generator.GenerateAsync([SeedCorpus.Questions[0]]);
}
