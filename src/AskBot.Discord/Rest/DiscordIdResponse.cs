namespace AskBot.Discord.Rest;

/// <summary>The one field read from responses that create an object by id (a thread, a webhook message).</summary>
internal sealed record DiscordIdResponse(string Id);
