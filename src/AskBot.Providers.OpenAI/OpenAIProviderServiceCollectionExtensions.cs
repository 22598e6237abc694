using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Evaluation;
using AskBot.Providers.OpenAI.Chat;
using AskBot.Providers.OpenAI.Embeddings;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Providers.OpenAI;

/// <summary>Registers the OpenAI-compatible chat and embedding providers (OpenAI, OpenAICompatible, Ollama).</summary>
public static class OpenAIProviderServiceCollectionExtensions
{
    private static readonly ChatProviders[] ChatKeys = [ChatProviders.OpenAI, ChatProviders.OpenAICompatible, ChatProviders.Ollama];

    private static readonly EmbeddingProviders[] EmbeddingKeys = [EmbeddingProviders.OpenAI, EmbeddingProviders.OpenAICompatible, EmbeddingProviders.Ollama];

    /// <summary>
    /// Adds the providers as keyed services; <c>AskBot:Chat:Provider</c> and <c>AskBot:Embeddings:Provider</c>
    /// choose among them. The evaluation judge's chat service is keyed <see cref="JudgeOptions.ServiceKey"/>. Also registers start-up validation of both sections and <see cref="ProviderRetryDelay"/>
    /// (real time unless already registered). Call after <c>AddAskBotCore</c>.
    /// </summary>
    public static IServiceCollection AddAskBotOpenAIProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(ProviderRetryDelay.RealTime);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatOptions>, ChatProviderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingsOptions>, EmbeddingProviderOptionsValidator>());

        foreach (var provider in ChatKeys)
        {
            services.AddKeyedSingleton<IChatCompletionService>(provider, (sp, _) => ChatServiceFactory.Create(
                ChatServiceFactory.Connection(provider, sp.GetRequiredService<IOptions<ChatOptions>>().Value),
                sp.GetRequiredService<ProviderRetryDelay>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        }

        // The evaluation judge talks to its own endpoint and model (AskBot:Eval:Judge), never the answerer's.
        services.AddKeyedSingleton<IChatCompletionService>(JudgeOptions.ServiceKey, (sp, _) => ChatServiceFactory.Create(
            ChatServiceFactory.Connection(sp.GetRequiredService<IOptions<JudgeOptions>>().Value),
            sp.GetRequiredService<ProviderRetryDelay>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));

        foreach (var provider in EmbeddingKeys)
        {
            services.AddKeyedSingleton<IEmbeddingGeneratorFactory>(provider, (sp, _) => new OpenAIEmbeddingGeneratorFactory(
                OpenAIEmbeddingGeneratorFactory.Connection(provider, sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value),
                sp.GetRequiredService<ProviderRetryDelay>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        }

        return services;
    }
}
