using System.Net;
using Microsoft.Extensions.Logging;

namespace AskBot.Providers.OpenAI.Http;

/// <summary>
/// Bounded retries for one provider: each attempt gets <see cref="ProviderConnection.Timeout"/>; a timeout, a
/// refused connection (<see cref="HttpRequestException"/>) or HTTP 408/429/5xx is retried up to
/// <see cref="ProviderConnection.MaxRetries"/> times, waiting the server's <c>Retry-After</c> (capped) or an
/// exponential backoff. Other statuses (401/403 included) are returned at once. Non-streaming bodies are read
/// inside the attempt, so a body that stalls counts as a timeout too.
/// </summary>
internal sealed partial class RetryingHttpHandler : DelegatingHandler
{
    private static readonly TimeSpan BaseBackoff = TimeSpan.FromSeconds(1);

    private readonly ProviderConnection connection;
    private readonly ProviderRetryDelay delay;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public RetryingHttpHandler(ProviderConnection connection, ProviderRetryDelay delay, TimeProvider time, ILogger logger, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        this.connection = connection;
        this.delay = delay;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>True for the statuses worth another attempt.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null)
        {
            // Buffered once, so every attempt sends the same bytes.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var attempts = this.connection.MaxRetries + 1;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? serverDelay = null;
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCancellation.CancelAfter(this.connection.Timeout);
                HttpResponseMessage? response = null;
                try
                {
                    response = await base.SendAsync(request, attemptCancellation.Token).ConfigureAwait(false);
                    if (!IsTransient(response.StatusCode) && !IsEventStream(response))
                    {
                        await response.Content.LoadIntoBufferAsync(attemptCancellation.Token).ConfigureAwait(false);
                    }

                    if (!IsTransient(response.StatusCode) || attempt == attempts)
                    {
                        return response;
                    }

                    reason = $"HTTP {(int)response.StatusCode}";
                    serverDelay = RetryAfter.From(response.Headers, this.time.GetUtcNow());
                    response.Dispose();
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    if (attempt == attempts)
                    {
                        throw new TimeoutException(
                            $"no response within {this.connection.Timeout.TotalSeconds:0.###} s ({attempts} attempts)", ex);
                    }

                    reason = "timeout";
                }
                catch (HttpRequestException ex)
                {
                    response?.Dispose();
                    if (attempt == attempts)
                    {
                        throw;
                    }

                    reason = ex.HttpRequestError == HttpRequestError.Unknown ? "request failed" : ex.HttpRequestError.ToString();
                }
            }

            var wait = serverDelay ?? Backoff(attempt);
            this.LogRetry(this.connection.ProviderName, reason, attempt, attempts, (long)wait.TotalMilliseconds);
            await this.delay.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsEventStream(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>1 s, 2 s, 4 s … (capped like Retry-After) plus up to 250 ms of jitter.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var exponential = BaseBackoff * Math.Pow(2, Math.Min(attempt - 1, 10));
        var capped = exponential > RetryAfter.Cap ? RetryAfter.Cap : exponential;
        return capped + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} request failed ({Reason}), attempt {Attempt} of {Attempts}; retrying in {DelayMs} ms")]
    private partial void LogRetry(string provider, string reason, int attempt, int attempts, long delayMs);
}
