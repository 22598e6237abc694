using System.Text.Json;

namespace AskBot.Discord.Models;

/// <summary>A Discord user as it appears in messages and interactions.</summary>
public sealed record DiscordUser(string Id, string? Username = null, string? GlobalName = null, bool? Bot = null);

/// <summary>The message a message replies to (<c>message_reference</c>).</summary>
public sealed record DiscordMessageReference(string? MessageId = null, string? ChannelId = null, string? GuildId = null);

/// <summary>A MESSAGE_CREATE payload (the fields the bot uses).</summary>
public sealed record DiscordMessage(
    string Id,
    string ChannelId,
    DiscordUser Author,
    string Content = "",
    int Type = MessageTypes.Default,
    string? GuildId = null,
    int? ChannelType = null,
    string? WebhookId = null,
    IReadOnlyList<DiscordUser>? Mentions = null,
    DiscordMessageReference? MessageReference = null,
    DiscordMessage? ReferencedMessage = null);

/// <summary>A guild member wrapper of an interaction's user.</summary>
public sealed record DiscordMember(DiscordUser? User = null);

/// <summary>One option of a slash command.</summary>
public sealed record DiscordInteractionOption(string Name, int Type, JsonElement? Value = null);

/// <summary>The <c>data</c> of an interaction: a command (name, options) or a component click (custom_id).</summary>
public sealed record DiscordInteractionData(
    string? Name = null,
    IReadOnlyList<DiscordInteractionOption>? Options = null,
    string? CustomId = null,
    int? ComponentType = null);

/// <summary>An INTERACTION_CREATE payload (the fields the bot uses).</summary>
public sealed record DiscordInteraction(
    string Id,
    string ApplicationId,
    int Type,
    string Token,
    string? GuildId = null,
    string? ChannelId = null,
    DiscordMember? Member = null,
    DiscordUser? User = null,
    DiscordInteractionData? Data = null,
    DiscordMessage? Message = null)
{
    /// <summary>The user who acted: <c>member.user</c> in guilds, <c>user</c> in DMs.</summary>
    public DiscordUser? Actor => this.Member?.User ?? this.User;
}

/// <summary>The <c>application</c> object of READY.</summary>
public sealed record ReadyApplication(string Id);

/// <summary>The READY payload (the fields a client keeps).</summary>
public sealed record DiscordReady(string SessionId, string ResumeGatewayUrl, DiscordUser User, ReadyApplication Application)
{
    /// <summary><c>[shard_id, num_shards]</c> of the session, when the bot is sharded.</summary>
    public IReadOnlyList<int>? Shard { get; init; }
}

/// <summary>The answer of <c>GET /gateway/bot</c>.</summary>
public sealed record GatewayBotInfo(string Url, int Shards = 1, SessionStartLimit? SessionStartLimit = null);

/// <summary>How many identifies Discord still allows (<c>session_start_limit</c>).</summary>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency = 1);

/// <summary>A created message, as returned by <c>POST /channels/{id}/messages</c>.</summary>
public sealed record CreatedMessage(string Id, string ChannelId);
