using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Core.Corpus;

/// <summary>Registers ingestion (reading, cleaning, article splitting, chunking, de-duplication).</summary>
public static class IngestionServiceCollectionExtensions
{
    public static IServiceCollection AddAskBotIngestion(this IServiceCollection services)
    {
        // Filled in by the ingestion work.
        return services;
    }
}
