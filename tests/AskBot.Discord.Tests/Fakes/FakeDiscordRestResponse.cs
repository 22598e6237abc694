using System.Globalization;
using System.Text.Json;

namespace AskBot.Discord.Tests.Fakes;

/// <summary>A scripted answer of <see cref="FakeDiscordRestServer"/>.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">Body text, sent as <c>application/json</c>; null sends none.</param>
/// <param name="Headers">Extra response headers (e.g. <c>X-RateLimit-Remaining</c>).</param>
/// <param name="Delay">Wait before answering (for timeout tests); the wait ends early when the client gives up.</param>
public sealed record FakeDiscordRestResponse(
    int Status,
    string? Body = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan Delay = default)
{
    /// <summary>A JSON answer serialised from <paramref name="body"/>.</summary>
    public static FakeDiscordRestResponse Json(int status, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(body), headers);

    /// <summary>Discord's 429: <c>{message, retry_after, global}</c> plus <c>Retry-After</c> and <c>X-RateLimit-*</c> headers.</summary>
    public static FakeDiscordRestResponse RateLimited(double retryAfterSeconds, bool global = false)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Retry-After"] = Math.Ceiling(retryAfterSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = global ? "global" : "user",
        };
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        return Json(429, new { message = "You are being rate limited.", retry_after = retryAfterSeconds, global }, headers);
    }

    /// <summary>Discord's error body <c>{code, message}</c> with <paramref name="status"/>.</summary>
    public static FakeDiscordRestResponse Error(int status, int code, string message) =>
        Json(status, new { code, message });
}
