using AskBot.Core.Configuration;
using AskBot.Core.Evaluation;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace AskBot.Providers.OpenAI.Chat;

/// <summary>Builds the chat-completion service of one provider: SK's OpenAI connector over the retrying HttpClient, wrapped in the failure translation.</summary>
internal static class ChatServiceFactory
{
    /// <summary>The connection the <c>AskBot:Chat</c> settings describe for <paramref name="provider"/>.</summary>
    public static ProviderConnection Connection(ChatProviders provider, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProviderConnection(
            provider.ToString(),
            ProviderEndpoints.Resolve(provider, options.Endpoint),
            options.Model ?? string.Empty,
            options.ApiKey,
            TimeSpan.FromSeconds(options.TimeoutSeconds),
            options.MaxRetries,
            ChatOptions.SectionName);
    }

    /// <summary>The connection of the evaluation judge (<c>AskBot:Eval:Judge</c>): an OpenAI-compatible endpoint of its own.</summary>
    public static ProviderConnection Connection(JudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProviderConnection(
            ChatProviders.OpenAICompatible.ToString(),
            options.Endpoint,
            options.Model ?? string.Empty,
            options.ApiKey,
            TimeSpan.FromSeconds(options.TimeoutSeconds),
            options.MaxRetries,
            JudgeOptions.SectionName);
    }

    /// <summary>Creates the service; no I/O happens until the first request.</summary>
    public static IChatCompletionService Create(ProviderConnection connection, ProviderRetryDelay delay, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var httpClient = ProviderHttpClient.Create(connection, delay, time, loggerFactory.CreateLogger<RetryingHttpHandler>());
        var client = new OpenAIClient(new System.ClientModel.ApiKeyCredential(connection.EffectiveApiKey), ProviderHttpClient.ClientOptions(connection, httpClient));
        var service = new OpenAIChatCompletionService(connection.Model, client, loggerFactory);
        return new ProviderChatCompletionService(service, connection, httpClient, loggerFactory.CreateLogger<ProviderChatCompletionService>());
    }
}
