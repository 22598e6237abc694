using AskBot.Discord.Models;

namespace AskBot.Discord.Rest;

/// <summary>
/// Discord's REST v10, as far as the bot needs it. Implementations send <c>Authorization: Bot &lt;token&gt;</c> and a
/// <c>DiscordBot (url, version)</c> User-Agent, honour per-bucket and global rate limits, retry 429 and 5xx a
/// bounded number of times, and never retry a 401.
/// </summary>
public interface IDiscordRestClient
{
    /// <summary><c>GET /gateway/bot</c>: the gateway URL and the identify budget.</summary>
    /// <exception cref="DiscordUnauthorizedException">The token was refused.</exception>
    Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /channels/{channelId}/messages</c>.</summary>
    Task<CreatedMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken);

    /// <summary><c>POST /channels/{channelId}/typing</c> (lasts about 10 s).</summary>
    Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken);

    /// <summary><c>POST /channels/{channelId}/messages/{messageId}/threads</c>; returns the new thread's id.</summary>
    Task<string> StartThreadFromMessageAsync(string channelId, string messageId, StartThreadPayload payload, CancellationToken cancellationToken);

    /// <summary><c>PUT /channels/{channelId}/messages/{messageId}/reactions/{emoji}/@me</c>: the bot reacts with a Unicode <paramref name="emoji"/>.</summary>
    Task AddOwnReactionAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken);

    /// <summary><c>PUT /applications/{applicationId}/commands</c>, or <c>/guilds/{guildId}/commands</c> when <paramref name="guildId"/> is set.</summary>
    Task OverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken);

    /// <summary><c>POST /interactions/{interactionId}/{token}/callback</c>.</summary>
    Task CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken);

    /// <summary><c>PATCH /webhooks/{applicationId}/{token}/messages/@original</c>: edits a deferred reply.</summary>
    Task EditOriginalInteractionResponseAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken);

    /// <summary><c>POST /webhooks/{applicationId}/{token}</c>: a follow-up message.</summary>
    Task CreateFollowupMessageAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken);
}
