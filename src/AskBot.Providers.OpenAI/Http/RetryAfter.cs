using System.Globalization;
using System.Net.Http.Headers;

namespace AskBot.Providers.OpenAI.Http;

/// <summary>Reads how long a server asks the client to wait (<c>Retry-After</c> as delta-seconds or HTTP-date, or <c>retry-after-ms</c>).</summary>
internal static class RetryAfter
{
    /// <summary>Longest wait honoured; a server asking for more gets this.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    /// <summary>The requested wait, capped at <see cref="Cap"/>, or null when the response names none.</summary>
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        TimeSpan? requested = null;
        if (headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            requested = TimeSpan.FromMilliseconds(ms);
        }
        else if (headers.RetryAfter is { } retryAfter)
        {
            requested = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }

        if (requested is not { } value)
        {
            return null;
        }

        if (value < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return value > Cap ? Cap : value;
    }
}
