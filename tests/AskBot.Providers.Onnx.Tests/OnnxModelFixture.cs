using AskBot.Core.Configuration;
using AskBot.Providers.Onnx.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace AskBot.Providers.Onnx.Tests;

/// <summary>
/// One factory with the default settings, shared by a test class, its model loaded once (from the package's resource,
/// writing the optimised copy to a temporary cache folder that later factories of the class load from).
/// </summary>
public sealed class OnnxModelFixture : IDisposable
{
    public OnnxModelFixture()
    {
        this.CacheRoot = Path.Combine(Path.GetTempPath(), "askbot-onnx-tests-" + Guid.NewGuid().ToString("N"));
        this.Factory = this.CreateFactory(new EmbeddingsOptions());
        this.Generator = this.Factory.CreateAsync([]).GetAwaiter().GetResult();
        using var lease = this.Factory.AcquireModel();
    }

    public string CacheRoot { get; }

    internal OnnxEmbeddingGeneratorFactory Factory { get; }

    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    /// <summary>Another factory over the same cache folder; the caller disposes it.</summary>
    internal OnnxEmbeddingGeneratorFactory CreateFactory(EmbeddingsOptions options) => new(options, NullLogger.Instance, this.CacheRoot);

    public async Task<float[]> EmbedAsync(string text) => (await this.Generator.GenerateAsync([text]))[0].Vector.ToArray();

    public void Dispose()
    {
        this.Generator.Dispose();
        this.Factory.Dispose();
        try
        {
            Directory.Delete(this.CacheRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
