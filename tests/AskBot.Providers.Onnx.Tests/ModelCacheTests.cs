using AskBot.Core.Configuration;
using AskBot.Providers.Onnx.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace AskBot.Providers.Onnx.Tests;

/// <summary>The optimised copy in the cache folder: a damaged one is replaced, never trusted.</summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "askbot-onnx-cache-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(this.root))
        {
            Directory.Delete(this.root, recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_copy_is_discarded_and_the_model_loads_from_the_package_and_is_cached_again()
    {
        var cache = new OptimizedModelCache(this.root, OrtEnv.Instance().GetVersionString());
        Directory.CreateDirectory(cache.Directory);
        await File.WriteAllTextAsync(Path.Combine(cache.Directory, OptimizedModelCache.ModelFileName), "not a model");
        await File.WriteAllTextAsync(Path.Combine(cache.Directory, OptimizedModelCache.WeightsFileName), "not weights");
        using var factory = new OnnxEmbeddingGeneratorFactory(new EmbeddingsOptions(), NullLogger.Instance, this.root);
        using var generator = await factory.CreateAsync([]);

        var embeddings = await generator.GenerateAsync(["Crocus City Hall"]);

        Assert.Equal(384, embeddings[0].Vector.Length);
        using (var lease = factory.AcquireModel())
        {
            Assert.Equal(OnnxEmbeddingModel.ModelSource.ResourceCached, lease.Model.Source);
        }

        Assert.True(new FileInfo(Path.Combine(cache.Directory, OptimizedModelCache.WeightsFileName)).Length > 80_000_000);
        Assert.DoesNotContain(Directory.GetDirectories(this.root), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void The_cache_folder_is_keyed_by_model_package_and_runtime_version()
    {
        var cache = new OptimizedModelCache(this.root, "1.31.1");

        var name = Path.GetFileName(cache.Directory);

        Assert.StartsWith("snowflake-arctic-embed-xs-24.9.52193-ort1.31.1-", name, StringComparison.Ordinal);
        Assert.Null(cache.TryGetModelPath());
        Assert.False(Directory.Exists(this.root));
    }
}
