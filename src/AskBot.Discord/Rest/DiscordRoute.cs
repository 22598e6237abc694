namespace AskBot.Discord.Rest;

/// <summary>One REST call's address, as the rate limiter and the logs see it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Template">Method and path with every id replaced by its name, e.g. <c>POST /channels/{channel_id}/messages</c>.</param>
/// <param name="MajorParameter">The top-level resource (channel, guild, webhook id+token, interaction id) that splits one route's buckets; empty when there is none.</param>
/// <param name="Path">Escaped path below the API base, e.g. <c>/channels/123/messages</c>.</param>
/// <param name="LogPath">The path with interaction and webhook tokens masked; the only form that may be logged or put in a message.</param>
/// <param name="UsesBotToken">False for interaction callbacks and webhooks, which the interaction token authorises.</param>
internal sealed record DiscordRoute(
    HttpMethod Method,
    string Template,
    string MajorParameter,
    string Path,
    string LogPath,
    bool UsesBotToken)
{
    private const string Mask = "***";

    public static DiscordRoute GatewayBot() =>
        Bot(HttpMethod.Get, "/gateway/bot", string.Empty, "/gateway/bot");

    public static DiscordRoute CreateMessage(string channelId) =>
        Bot(HttpMethod.Post, "/channels/{channel_id}/messages", channelId, $"/channels/{Escape(channelId)}/messages");

    public static DiscordRoute TriggerTyping(string channelId) =>
        Bot(HttpMethod.Post, "/channels/{channel_id}/typing", channelId, $"/channels/{Escape(channelId)}/typing");

    public static DiscordRoute StartThreadFromMessage(string channelId, string messageId) =>
        Bot(
            HttpMethod.Post,
            "/channels/{channel_id}/messages/{message_id}/threads",
            channelId,
            $"/channels/{Escape(channelId)}/messages/{Escape(messageId)}/threads");

    public static DiscordRoute AddOwnReaction(string channelId, string messageId, string emoji) =>
        Bot(
            HttpMethod.Put,
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            channelId,
            $"/channels/{Escape(channelId)}/messages/{Escape(messageId)}/reactions/{Escape(emoji)}/@me");

    public static DiscordRoute OverwriteCommands(string applicationId, string? guildId) =>
        guildId is null
            ? Bot(HttpMethod.Put, "/applications/{application_id}/commands", string.Empty, $"/applications/{Escape(applicationId)}/commands")
            : Bot(
                HttpMethod.Put,
                "/applications/{application_id}/guilds/{guild_id}/commands",
                guildId,
                $"/applications/{Escape(applicationId)}/guilds/{Escape(guildId)}/commands");

    public static DiscordRoute CreateInteractionResponse(string interactionId, string token) =>
        new(
            HttpMethod.Post,
            "POST /interactions/{interaction_id}/{interaction_token}/callback",
            interactionId,
            $"/interactions/{Escape(interactionId)}/{Escape(token)}/callback",
            $"/interactions/{Escape(interactionId)}/{Mask}/callback",
            UsesBotToken: false);

    public static DiscordRoute EditOriginalInteractionResponse(string applicationId, string token) =>
        new(
            HttpMethod.Patch,
            "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original",
            applicationId + "/" + token,
            $"/webhooks/{Escape(applicationId)}/{Escape(token)}/messages/@original",
            $"/webhooks/{Escape(applicationId)}/{Mask}/messages/@original",
            UsesBotToken: false);

    public static DiscordRoute CreateFollowupMessage(string applicationId, string token) =>
        new(
            HttpMethod.Post,
            "POST /webhooks/{application_id}/{interaction_token}",
            applicationId + "/" + token,
            $"/webhooks/{Escape(applicationId)}/{Escape(token)}",
            $"/webhooks/{Escape(applicationId)}/{Mask}",
            UsesBotToken: false);

    /// <inheritdoc />
    public override string ToString() => $"{this.Method} {this.LogPath}";

    private static DiscordRoute Bot(HttpMethod method, string template, string major, string path) =>
        new(method, method.Method + " " + template, major, path, path, UsesBotToken: true);

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(segment);
        return Uri.EscapeDataString(segment);
    }
}
