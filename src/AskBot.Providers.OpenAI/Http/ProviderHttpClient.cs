using System.ClientModel.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAI;
using Polly;
using Polly.Telemetry;

namespace AskBot.Providers.OpenAI.Http;

/// <summary>
/// The named <see cref="HttpClient"/> every provider call goes through (one per chat provider, one for the evaluation
/// judge, one per embeddings provider), with <see cref="ProviderResilience"/> as its only retry layer.
/// </summary>
internal static class ProviderHttpClient
{
    /// <summary>
    /// Registers the client <paramref name="name"/>: the resilience pipeline outside, <see cref="AttemptBufferingHandler"/>
    /// inside it (so each attempt's timeout covers reading a non-streamed body), no client-wide timeout.
    /// </summary>
    public static void Add(IServiceCollection services, string name, Func<IServiceProvider, ProviderConnection> connection)
    {
        var builder = services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)

            // The factory's request logging would print every call at Information; the pipeline logs retries instead.
            .RemoveAllLoggers();
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            ProviderResilience.Configure(
                pipeline,
                connection(services),
                services.GetRequiredService<TimeProvider>(),
                services.GetService<ILoggerFactory>()?.CreateLogger(typeof(ProviderResilience)) ?? NullLogger.Instance);

            // Polly logs every failed attempt as an error and every retry as a warning; one Information line per
            // retry (ProviderResilience) says it better, so Polly's own events stay at Debug. Its metrics are kept.
            pipeline.ConfigureTelemetry(new TelemetryOptions(services.GetService<IOptions<TelemetryOptions>>()?.Value ?? new TelemetryOptions())
            {
                SeverityProvider = _ => ResilienceEventSeverity.Debug,
            });
        });
        builder.AddHttpMessageHandler(() => new AttemptBufferingHandler());
    }

    /// <summary>SDK options over <paramref name="httpClient"/> with the SDK's own retries and timeout off (the pipeline does them).</summary>
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
