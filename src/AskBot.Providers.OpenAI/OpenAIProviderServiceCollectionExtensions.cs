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
    /// choose among them. The evaluation judge's chat service is keyed <see cref="JudgeOptions.ServiceKey"/>. Each
    /// provider calls through a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> whose one resilience
    /// pipeline retries and times out each attempt on the registered <see cref="TimeProvider"/> (the system clock unless
    /// one is already registered). Also registers start-up validation of both sections. Call after <c>AddAskBotCore</c>.
    /// </summary>
    public static IServiceCollection AddAskBotOpenAIProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatOptions>, ChatProviderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingsOptions>, EmbeddingProviderOptionsValidator>());

        foreach (var provider in ChatKeys)
        {
            var name = ChatServiceFactory.HttpClientName(provider);
            ProviderHttpClient.Add(services, name, sp => ChatConnection(sp, provider));
            services.AddKeyedSingleton<IChatCompletionService>(provider, (sp, _) => ChatServiceFactory.Create(
                ChatConnection(sp, provider),
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(name),
                sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        }

        // The evaluation judge talks to its own endpoint and model (AskBot:Eval:Judge), never the answerer's.
        ProviderHttpClient.Add(services, ChatServiceFactory.JudgeHttpClientName, JudgeConnection);
        services.AddKeyedSingleton<IChatCompletionService>(JudgeOptions.ServiceKey, (sp, _) => ChatServiceFactory.Create(
            JudgeConnection(sp),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ChatServiceFactory.JudgeHttpClientName),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));

        foreach (var provider in EmbeddingKeys)
        {
            var name = OpenAIEmbeddingGeneratorFactory.HttpClientName(provider);
            ProviderHttpClient.Add(services, name, sp => EmbeddingConnection(sp, provider));
            services.AddKeyedSingleton<IEmbeddingGeneratorFactory>(provider, (sp, _) => new OpenAIEmbeddingGeneratorFactory(
                EmbeddingConnection(sp, provider),
                sp.GetRequiredService<IHttpClientFactory>(),
                name));
        }

        return services;
    }

    private static ProviderConnection ChatConnection(IServiceProvider services, ChatProviders provider) =>
        ChatServiceFactory.Connection(provider, services.GetRequiredService<IOptions<ChatOptions>>().Value);

    private static ProviderConnection JudgeConnection(IServiceProvider services) =>
        ChatServiceFactory.Connection(services.GetRequiredService<IOptions<JudgeOptions>>().Value);

    private static ProviderConnection EmbeddingConnection(IServiceProvider services, EmbeddingProviders provider) =>
        OpenAIEmbeddingGeneratorFactory.Connection(provider, services.GetRequiredService<IOptions<EmbeddingsOptions>>().Value);
}
