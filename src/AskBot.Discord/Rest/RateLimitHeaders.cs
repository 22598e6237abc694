using System.Globalization;
using System.Net.Http.Headers;

namespace AskBot.Discord.Rest;

/// <summary>The <c>X-RateLimit-*</c> headers of one response; absent or unreadable headers are null.</summary>
/// <param name="Bucket">The bucket hash shared by routes Discord limits together.</param>
/// <param name="Remaining">Requests left in the bucket's current window.</param>
/// <param name="ResetAfter">Time until the bucket's window resets.</param>
/// <param name="Global">True when the response reports the global limit (<c>X-RateLimit-Global</c>).</param>
internal sealed record RateLimitHeaders(string? Bucket, int? Remaining, TimeSpan? ResetAfter, bool Global)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    public static RateLimitHeaders From(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var bucket = First(headers, "X-RateLimit-Bucket");
        var remaining = int.TryParse(First(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
            ? left
            : (int?)null;
        var global = bool.TryParse(First(headers, "X-RateLimit-Global"), out var isGlobal) && isGlobal;
        return new RateLimitHeaders(string.IsNullOrWhiteSpace(bucket) ? null : bucket, remaining, ParseSeconds(First(headers, "X-RateLimit-Reset-After")), global);
    }

    /// <summary>Reads a float number of seconds (Discord's <c>X-RateLimit-Reset-After</c>).</summary>
    public static TimeSpan? ParseSeconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? ToDelay(seconds) : null;

    /// <summary>A wait of <paramref name="seconds"/>; null when it is missing, negative or not a number, capped at a day.</summary>
    public static TimeSpan? ToDelay(double? seconds) =>
        seconds is { } value && value >= 0 && double.IsFinite(value)
            ? TimeSpan.FromSeconds(Math.Min(value, MaxDelay.TotalSeconds))
            : null;

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
