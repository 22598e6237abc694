using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Providers.Onnx.Embeddings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Providers.Onnx;

/// <summary>Registers the offline ONNX sentence-embedding provider (snowflake-arctic-embed-xs).</summary>
public static class OnnxProviderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the provider as the keyed <see cref="IEmbeddingGeneratorFactory"/> for <see cref="EmbeddingProviders.Onnx"/>;
    /// <c>AskBot:Embeddings:Provider</c> chooses it. The model loads on first use, and its graph-optimised copy is kept
    /// in the user's cache folder (<c>~/.cache/askbot/onnx</c>) so later processes start faster. Call after
    /// <c>AddAskBotCore</c>.
    /// </summary>
    public static IServiceCollection AddAskBotOnnxEmbeddings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKeyedSingleton<IEmbeddingGeneratorFactory>(EmbeddingProviders.Onnx, (sp, _) => new OnnxEmbeddingGeneratorFactory(
            sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxEmbeddingGeneratorFactory>(),
            OptimizedModelCache.DefaultRoot()));
        return services;
    }
}
