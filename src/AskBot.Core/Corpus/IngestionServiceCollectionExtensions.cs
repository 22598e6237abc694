using AskBot.Core.Chunking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AskBot.Core.Corpus;

/// <summary>Registers ingestion (reading, cleaning, article splitting, chunking, de-duplication).</summary>
internal static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stateless ingestion components and <see cref="IIngestionPipeline"/> as singletons.
    /// Requires <c>IOptions&lt;ChunkingOptions&gt;</c> and logging, which the host registers.
    /// </summary>
    public static IServiceCollection AddAskBotIngestion(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new CorpusFormats(sp.GetServices<IDocumentConverter>()));
        services.TryAddSingleton<CorpusReader>();
        services.TryAddSingleton<BoilerplateClassifier>();
        services.TryAddSingleton<ArticleSplitter>();
        services.TryAddSingleton<SentenceSplitter>();
        services.TryAddSingleton<Chunker>();
        services.TryAddSingleton<NearDuplicateFilter>();
        services.TryAddSingleton<IIngestionPipeline, IngestionPipeline>();
        return services;
    }
}
