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
    private const string HttpClientKey = "AskBot.Discord";

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

        // One HttpClient and one REST client for the whole process: the rate-limit buckets and the "token refused"
        // state must be shared by the gateway and the bot.
        services.AddKeyedSingleton(HttpClientKey, (_, _) => new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }));
        services.AddSingleton<IDiscordRestClient>(provider => new DiscordRestClient(
            provider.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            provider.GetRequiredService<IOptions<DiscordOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DiscordRestClient>>()));
        services.AddSingleton<GatewayRandom>();
        services.AddSingleton<IDiscordGateway, DiscordGatewayClient>();
        services.AddSingleton<IFeedbackStore, SqliteFeedbackStore>();
        services.AddSingleton<FeedbackExporter>();
        services.AddSingleton<DiscordBot>();
        services.AddSingleton<DiscordBotRunState>();
        services.AddHostedService<DiscordBotService>();
        return services;
    }
}
