using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Core.Retrieval;

/// <summary>Registers embeddings, the cached index and the hybrid retriever.</summary>
public static class RetrievalServiceCollectionExtensions
{
    public static IServiceCollection AddAskBotRetrieval(this IServiceCollection services)
    {
        // Filled in by the retrieval work.
        return services;
    }
}
