using System.ClientModel.Primitives;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace AskBot.Providers.OpenAI.Http;

/// <summary>Builds the HttpClient (with <see cref="RetryingHttpHandler"/>) and the OpenAI SDK options every provider call goes through.</summary>
internal static class ProviderHttpClient
{
    /// <summary>An HttpClient whose handler retries and times out each attempt; the client's own timeout only bounds the whole sequence.</summary>
    public static HttpClient Create(ProviderConnection connection, ProviderRetryDelay delay, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var primary = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = connection.Timeout,
        };
        var handler = new RetryingHttpHandler(connection, delay, time, logger, primary);
        var attempts = connection.MaxRetries + 1;
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = (connection.Timeout * attempts) + (RetryAfter.Cap * connection.MaxRetries) + TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>SDK options over <paramref name="httpClient"/> with the SDK's own retries off (the handler does them).</summary>
    public static OpenAIClientOptions ClientOptions(ProviderConnection connection, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new OpenAIClientOptions
        {
            Endpoint = connection.Endpoint,
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
    }
}
