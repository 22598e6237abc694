using AskBot.Core.Configuration;
using AskBot.Core.Evaluation;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace AskBot.Providers.OpenAI.Chat;

/// <summary>Builds the chat-completion service of one provider: SK's OpenAI connector over the provider's named HttpClient (<see cref="ProviderHttpClient"/>), wrapped in the failure translation.</summary>
internal static class ChatServiceFactory
{
    /// <summary>Name of the HttpClient of the chat provider <paramref name="provider"/>.</summary>
    public static string HttpClientName(ChatProviders provider) => "AskBot.Chat." + provider;

    /// <summary>Name of the evaluation judge's HttpClient.</summary>
    public static string JudgeHttpClientName => "AskBot.Judge";

    /// <summary>
    /// The connection the <c>AskBot:Chat</c> settings describe for <paramref name="provider"/>. An attempt never gets
    /// longer than the whole answer's budget (<see cref="ChatOptions.AnswerTimeoutSeconds"/>).
    /// </summary>
    public static ProviderConnection Connection(ChatProviders provider, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProviderConnection(
            provider.ToString(),
            ProviderEndpoints.Resolve(provider, options.Endpoint),
            options.Model ?? string.Empty,
            options.ApiKey,
            TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, options.AnswerTimeoutSeconds)),
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
    public static IChatCompletionService Create(ProviderConnection connection, HttpClient httpClient, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var client = new OpenAIClient(new System.ClientModel.ApiKeyCredential(connection.EffectiveApiKey), ProviderHttpClient.ClientOptions(connection, httpClient));
        var service = new OpenAIChatCompletionService(connection.Model, client, loggerFactory);
        return new ProviderChatCompletionService(service, connection, loggerFactory.CreateLogger<ProviderChatCompletionService>());
    }
}
