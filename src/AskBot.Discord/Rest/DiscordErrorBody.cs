using System.Text.Json;
using AskBot.Discord.Models;

namespace AskBot.Discord.Rest;

/// <summary>Discord's error and 429 bodies: <c>{code, message}</c> and <c>{message, retry_after, global}</c>.</summary>
internal sealed record DiscordErrorBody(int? Code = null, string? Message = null, double? RetryAfter = null, bool Global = false)
{
    public static DiscordErrorBody Empty { get; } = new();

    /// <summary>Reads the body; anything that is not Discord's JSON (a proxy's HTML page, nothing at all) gives <see cref="Empty"/>.</summary>
    public static DiscordErrorBody Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length == 0)
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<DiscordErrorBody>(body, DiscordJson.Options) ?? Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}
