using System.Threading.Channels;

namespace AskBot.Discord.Gateway;

/// <summary>
/// A Gateway v10 connection kept alive for as long as <see cref="RunAsync"/> runs: identify, heartbeat, resume,
/// reconnect with capped backoff. The receive loop only parses and writes events to <c>events</c>; handlers run elsewhere.
/// </summary>
public interface IDiscordGateway
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (then closes with 1000 and returns).</summary>
    /// <exception cref="DiscordGatewayFatalException">Discord closed with a code that must not be retried (4004, 4010–4014), or the identify budget is spent.</exception>
    /// <exception cref="Rest.DiscordUnauthorizedException">The token was refused by <c>GET /gateway/bot</c>.</exception>
    Task RunAsync(ChannelWriter<GatewayEvent> events, CancellationToken cancellationToken);
}
