using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AskBot.Core.Retrieval;

/// <summary>Registers embeddings, the cached index and the hybrid retriever.</summary>
internal static class RetrievalServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TermAnalyzer"/>, the embedding generator factory, <see cref="CorpusIndexProvider"/>
    /// (as <see cref="ICorpusIndexProvider"/> and <see cref="ICorpusIndexSource"/>, one instance) and
    /// <see cref="HybridRetriever"/> as <see cref="IRetriever"/>, all singletons, and the <see cref="CorpusWatcher"/> the
    /// long-running commands start. Options come from AddAskBotCore.
    /// </summary>
    public static IServiceCollection AddAskBotRetrieval(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TermAnalyzer>();
        services.TryAddSingleton<IEmbeddingGeneratorFactory, EmbeddingGeneratorFactory>();
        services.TryAddSingleton<QueryEmbedder>();
        services.TryAddSingleton<CorpusIndexProvider>();
        services.TryAddSingleton<ICorpusIndexProvider>(sp => sp.GetRequiredService<CorpusIndexProvider>());
        services.TryAddSingleton<ICorpusIndexSource>(sp => sp.GetRequiredService<CorpusIndexProvider>());
        services.TryAddSingleton<IRetriever, HybridRetriever>();
        services.TryAddTransient<CorpusWatcher>();
        return services;
    }
}
