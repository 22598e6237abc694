using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AskBot.Providers.OpenAI.Http;

/// <summary>
/// The one retry layer of a provider's HTTP calls (Microsoft.Extensions.Http.Resilience): each attempt gets
/// <see cref="ProviderConnection.Timeout"/>; HTTP 408/429/5xx, a connection failure or an attempt timeout is retried up
/// to <see cref="ProviderConnection.MaxRetries"/> times after the server's <c>Retry-After</c>/<c>retry-after-ms</c>
/// (capped at <see cref="MaxDelay"/>) or an exponential backoff with jitter. Everything else (401/403 included) is
/// returned at once. Waits and timeouts run on the <see cref="TimeProvider"/> registered in DI.
/// </summary>
internal static partial class ProviderResilience
{
    /// <summary>Longest wait between attempts; a server asking for more gets this.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Median of the first backoff; it doubles for each later retry.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Adds the retry (when <see cref="ProviderConnection.MaxRetries"/> is above zero) and the per-attempt timeout.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ProviderConnection connection, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (connection.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = connection.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = BaseDelay,
                MaxDelay = MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ServerDelay(response.Headers, time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    LogRetry(logger, connection.ProviderName, Describe(args.Outcome), args.AttemptNumber + 1, connection.MaxRetries + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        pipeline.AddTimeout(connection.Timeout);
    }

    /// <summary>True for the outcomes worth another attempt: 408, 429, 5xx, a connection failure, an attempt timeout.</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    /// <summary>True for the statuses worth another attempt.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// The wait the server asked for (<c>retry-after-ms</c>, else <c>Retry-After</c> as delta-seconds or HTTP-date),
    /// capped at <see cref="MaxDelay"/>; null when it names none (the backoff applies).
    /// </summary>
    public static TimeSpan? ServerDelay(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        TimeSpan? requested = null;
        if (headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            requested = TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
        }
        else if (headers.RetryAfter is { } retryAfter)
        {
            requested = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }

        return requested switch
        {
            null => null,
            { } value when value < TimeSpan.Zero => TimeSpan.Zero,
            { } value => value > MaxDelay ? MaxDelay : value,
        };
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } failure } => failure.HttpRequestError.ToString(),
        _ => "request failed",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} request failed ({Reason}), attempt {Attempt} of {Attempts}; retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string provider, string reason, int attempt, int attempts, long delayMs);
}
