using AskBot.Core.Storage;
using AskBot.Core.Telemetry;
using AskBot.Discord.Bot;
using AskBot.Discord.Feedback;
using AskBot.Discord.Gateway;
using AskBot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Hosting;

/// <summary>Wires the Discord adapter: options, the REST and gateway clients, the bot, the feedback store and the hosted service.</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>Name of the Discord REST client in <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "AskBot.Discord";

    /// <summary>
    /// Registers the adapter over an already registered Core (<c>AddAskBotCore</c>). The bot runs only when the host is
    /// started; resolving other services (e.g. the feedback exporter) never connects to Discord.
    /// </summary>
    public static IServiceCollection AddAskBotDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // One REST client for the whole process: the rate-limit buckets and the "token refused" state must be shared
        // by the gateway and the bot. Its HttpClient comes from the factory (pooled, rotated handlers); no resilience
        // handler is added, because DiscordRestClient's own retries follow Discord's rate-limit headers and a second,
        // generic retry would multiply the requests Discord counts against the bot.
        services.AddHttpClient(HttpClientName)
            // The client lives as long as the REST client, so connections are recycled by the handler itself, not
            // by the factory's handler rotation (which only reaches clients created later).
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's request logging writes the URL, and interaction and webhook URLs carry their tokens.
            .RemoveAllLoggers();
        services.AddSingleton<IDiscordRestClient>(provider => new DiscordRestClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<DiscordOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<AskBotTelemetry>(),
            provider.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.AddSingleton<GatewayRandom>();
        services.AddSingleton<DiscordGatewayClient>();
        services.AddSingleton<IDiscordGateway, DiscordShardManager>();
        // The embedded defaults; a shared store registered before this (AskBot:Storage:Provider=Postgres) takes their place.
        services.TryAddSingleton<IFeedbackStore, SqliteFeedbackStore>();
        services.TryAddSingleton<IProcessedEventLedger>(_ => new InMemoryEventLedger());
        services.AddSingleton<FeedbackExporter>();
        services.AddSingleton<DiscordBot>();
        services.AddSingleton<DiscordBotRunState>();
        services.AddHostedService<DiscordBotService>();
        services.AddHostedService<FeedbackRetentionService>();
        return services;
    }
}
