using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using AskBot.Core.Telemetry;
using AskBot.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Rest;

/// <summary>
/// <see cref="IDiscordRestClient"/> over <see cref="HttpClient"/>: bot authorisation, per-bucket and global rate limits,
/// bounded retries of 429, 5xx and timeouts, and a permanent stop after the token is refused (Discord bans IPs that keep
/// sending invalid requests). Its HttpClient comes from IHttpClientFactory; no generic retry handler is added on top, since
/// Discord's retries must follow its rate-limit headers.
/// </summary>
public sealed partial class DiscordRestClient : IDiscordRestClient
{
    private const string ProjectUrl = "https://github.com/askbot/askbot";
    private const string RouteScope = "discord-route";
    private const string GlobalScope = "discord-global";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly HttpClient httpClient;
    private readonly TimeProvider time;
    private readonly ILogger<DiscordRestClient> logger;
    private readonly AskBotTelemetry telemetry;
    private readonly RateLimitTracker rateLimits;
    private readonly string apiBase;
    private readonly string? token;
    private readonly string userAgent;
    private readonly TimeSpan requestTimeout;
    private readonly int maxRetries;
    private volatile bool tokenRefused;

    /// <summary>Creates the client; sends nothing until a method is called.</summary>
    /// <param name="httpClient">The client to send with; its <see cref="HttpClient.BaseAddress"/> is ignored.</param>
    /// <param name="options">Token, <see cref="DiscordOptions.ApiBaseUrl"/>, timeout and retry settings.</param>
    /// <param name="time">Clock for rate-limit waits, backoff and request timeouts.</param>
    /// <param name="telemetry">Counts the waits for Discord's rate limits.</param>
    /// <param name="logger">Logs waits and retries; never the bot token or an interaction token.</param>
    public DiscordRestClient(HttpClient httpClient, IOptions<DiscordOptions> options, TimeProvider time, AskBotTelemetry telemetry, ILogger<DiscordRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        if (settings.ApiBaseUrl is not { IsAbsoluteUri: true } baseUrl)
        {
            throw new ArgumentException("AskBot:Discord:ApiBaseUrl must be an absolute URL.", nameof(options));
        }

        this.httpClient = httpClient;
        this.time = time;
        this.logger = logger;
        this.telemetry = telemetry;
        this.rateLimits = new RateLimitTracker(time);

        // Appending route paths to the base keeps its path (/api/v10), which relative-URI resolution would drop.
        this.apiBase = baseUrl.AbsoluteUri.TrimEnd('/');
        this.token = string.IsNullOrWhiteSpace(settings.Token) ? null : settings.Token.Trim();
        this.userAgent = $"DiscordBot ({ProjectUrl}, {ProductVersion()})";
        this.requestTimeout = TimeSpan.FromSeconds(settings.RequestTimeoutSeconds);
        this.maxRetries = Math.Max(0, settings.MaxRetries);
    }

    /// <summary>First wait before retrying a 5xx or a timeout; doubles on each further retry. Tests shrink it.</summary>
    internal TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        var route = DiscordRoute.GatewayBot();
        var info = await this.SendAsync<GatewayBotInfo>(route, null, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(info.Url) ? throw Unreadable(route, null) : info;
    }

    /// <inheritdoc />
    public async Task<CreatedMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        ArgumentNullException.ThrowIfNull(payload);
        var route = DiscordRoute.CreateMessage(channelId);
        var message = await this.SendAsync<CreatedMessage>(route, Serialize(payload), cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(message.Id) ? throw Unreadable(route, null) : message;
    }

    /// <inheritdoc />
    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        return this.SendAsync(DiscordRoute.TriggerTyping(channelId), null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string> StartThreadFromMessageAsync(string channelId, string messageId, StartThreadPayload payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(payload);
        var route = DiscordRoute.StartThreadFromMessage(channelId, messageId);
        var thread = await this.SendAsync<DiscordIdResponse>(route, Serialize(payload), cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(thread.Id) ? throw Unreadable(route, null) : thread.Id;
    }

    /// <inheritdoc />
    public Task AddOwnReactionAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(emoji);
        return this.SendAsync(DiscordRoute.AddOwnReaction(channelId, messageId, emoji), null, cancellationToken);
    }

    /// <inheritdoc />
    public Task OverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentNullException.ThrowIfNull(commands);
        var route = DiscordRoute.OverwriteCommands(applicationId, string.IsNullOrWhiteSpace(guildId) ? null : guildId);
        return this.SendAsync(route, Serialize(commands), cancellationToken);
    }

    /// <inheritdoc />
    public Task CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(interactionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(response);
        return this.SendAsync(DiscordRoute.CreateInteractionResponse(interactionId, token), Serialize(response), cancellationToken);
    }

    /// <inheritdoc />
    public Task EditOriginalInteractionResponseAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(payload);
        return this.SendAsync(DiscordRoute.EditOriginalInteractionResponse(applicationId, token), Serialize(payload), cancellationToken);
    }

    /// <inheritdoc />
    public Task CreateFollowupMessageAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(payload);
        return this.SendAsync(DiscordRoute.CreateFollowupMessage(applicationId, token), Serialize(payload), cancellationToken);
    }

    private static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, DiscordJson.Options);

    private static string ProductVersion()
    {
        var version = typeof(DiscordRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrWhiteSpace(version))
        {
            return "1.0";
        }

        // Drop the "+commit" build metadata: the header only needs the release.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }

    private static DiscordRestException Unreadable(DiscordRoute route, Exception? inner) =>
        inner is null
            ? new DiscordRestException($"Discord sent an unreadable response to {route}.")
            : new DiscordRestException($"Discord sent an unreadable response to {route}.", inner);

    private static bool IsRetryableServerError(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static DiscordRestException ErrorFor(DiscordRoute route, HttpStatusCode status, DiscordErrorBody error, int attempts)
    {
        var code = error.Code is { } value ? $" (code {value})" : string.Empty;
        var detail = string.IsNullOrWhiteSpace(error.Message) ? string.Empty : ": " + error.Message;
        var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        return new DiscordRestException(status, error.Code, $"Discord answered {(int)status} {status}{code} to {route}{tries}{detail}");
    }

    private async Task<T> SendAsync<T>(DiscordRoute route, byte[]? body, CancellationToken cancellationToken)
    {
        var content = await this.SendAsync(route, body, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(content, DiscordJson.Options) ?? throw Unreadable(route, null);
        }
        catch (JsonException ex)
        {
            throw Unreadable(route, ex);
        }
    }

    private async Task<byte[]> SendAsync(DiscordRoute route, byte[]? body, CancellationToken cancellationToken)
    {
        var attempts = this.maxRetries + 1;
        for (var attempt = 1; ; attempt++)
        {
            // Checked on every attempt: another call may have had the token refused while this one waited.
            this.EnsureTokenUsable(route);
            await this.WaitForRateLimitAsync(route, cancellationToken).ConfigureAwait(false);
            this.EnsureTokenUsable(route);

            var outcome = await this.SendOnceAsync(route, body, attempt, attempts, cancellationToken).ConfigureAwait(false);
            if (outcome.Content is { } content)
            {
                return content;
            }

            if (outcome.Backoff is { } backoff)
            {
                await Task.Delay(backoff, this.time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void EnsureTokenUsable(DiscordRoute route)
    {
        if (!route.UsesBotToken)
        {
            return;
        }

        if (this.token is null)
        {
            throw new DiscordUnauthorizedException(
                "The Discord bot token is missing: AskBot:Discord:Token is not set (set AskBot__Discord__Token or a user secret).");
        }

        if (this.tokenRefused)
        {
            throw new DiscordUnauthorizedException(
                "Discord refused the bot token (401) earlier; no further requests are sent. Check AskBot:Discord:Token and restart.");
        }
    }

    private async Task WaitForRateLimitAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        // A loop, because a global 429 seen by another call can extend the pause while this one sleeps.
        var started = this.time.GetTimestamp();
        string? scope = null;
        for (var wait = this.rateLimits.GetWait(route); wait.Delay > TimeSpan.Zero; wait = this.rateLimits.GetWait(route))
        {
            scope ??= wait.Global ? GlobalScope : RouteScope;
            var milliseconds = Math.Ceiling(wait.Delay.TotalMilliseconds);
            this.LogRateLimitWait(route.ToString(), (long)milliseconds);

            // Whole milliseconds: a timer rounds a sub-millisecond delay down to none, and the loop would spin until the reset.
            await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), this.time, cancellationToken).ConfigureAwait(false);
        }

        // One wait per request however many times the loop slept, so the metric counts requests held back.
        if (scope is not null)
        {
            this.telemetry.RecordRateLimitWait(scope, this.time.GetElapsedTime(started));
        }
    }

    private async Task<AttemptOutcome> SendOnceAsync(DiscordRoute route, byte[]? body, int attempt, int attempts, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(this.requestTimeout, this.time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = this.CreateRequest(route, body);
        HttpStatusCode status;
        byte[] content;
        RateLimitHeaders limits;
        TimeSpan? retryAfterHeader;
        try
        {
            using var response = await this.httpClient.SendAsync(request, linked.Token).ConfigureAwait(false);
            content = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            status = response.StatusCode;
            limits = RateLimitHeaders.From(response.Headers);
            retryAfterHeader = response.Headers.RetryAfter?.Delta;
            this.rateLimits.Update(route, limits);
            if (response.IsSuccessStatusCode)
            {
                return new AttemptOutcome(content, null);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Our timeout or HttpClient.Timeout fired, not the caller.
            return this.RetryOrThrow(
                route,
                attempt,
                attempts,
                $"no response within {this.requestTimeout.TotalSeconds:0.###} s",
                () => new DiscordRestException(
                    $"Discord gave no response to {route} within {this.requestTimeout.TotalSeconds:0.###} s ({attempts} attempts).",
                    new TimeoutException("The Discord request timed out.", ex)));
        }
        catch (HttpRequestException ex)
        {
            return this.RetryOrThrow(
                route,
                attempt,
                attempts,
                "connection failed",
                () => new DiscordRestException($"Discord could not be reached for {route} ({attempts} attempts).", ex));
        }

        var error = DiscordErrorBody.Parse(content);
        if (status == HttpStatusCode.TooManyRequests)
        {
            return this.OnRateLimited(route, limits, retryAfterHeader, error, attempt, attempts);
        }

        if (status == HttpStatusCode.Unauthorized && route.UsesBotToken)
        {
            this.tokenRefused = true;
            this.LogTokenRefused(route.ToString());
            throw new DiscordUnauthorizedException();
        }

        if (IsRetryableServerError(status))
        {
            return this.RetryOrThrow(route, attempt, attempts, $"HTTP {(int)status}", () => ErrorFor(route, status, error, attempts));
        }

        throw ErrorFor(route, status, error, attempt);
    }

    private AttemptOutcome OnRateLimited(
        DiscordRoute route,
        RateLimitHeaders limits,
        TimeSpan? retryAfterHeader,
        DiscordErrorBody error,
        int attempt,
        int attempts)
    {
        // The body's float retry_after is the precise one; the headers are fallbacks for bodies a proxy wrote.
        var retryAfter = RateLimitHeaders.ToDelay(error.RetryAfter) ?? retryAfterHeader ?? limits.ResetAfter ?? DefaultRetryAfter;
        var global = error.Global || limits.Global;
        this.rateLimits.OnRateLimited(route, retryAfter, global);
        if (attempt >= attempts)
        {
            throw ErrorFor(route, HttpStatusCode.TooManyRequests, error, attempts);
        }

        this.LogRateLimited(route.ToString(), global, (long)Math.Ceiling(retryAfter.TotalMilliseconds), attempt, attempts);

        // The tracker now holds the wait; the next attempt sleeps in WaitForRateLimitAsync.
        return new AttemptOutcome(null, null);
    }

    private AttemptOutcome RetryOrThrow(DiscordRoute route, int attempt, int attempts, string reason, Func<DiscordRestException> failure)
    {
        if (attempt >= attempts)
        {
            throw failure();
        }

        var factor = Math.Pow(2, attempt - 1);
        var backoff = TimeSpan.FromTicks((long)Math.Min(this.RetryBaseDelay.Ticks * factor, MaxBackoff.Ticks));
        this.LogRetry(route.ToString(), reason, attempt, attempts, (long)backoff.TotalMilliseconds);
        return new AttemptOutcome(null, backoff);
    }

    private HttpRequestMessage CreateRequest(DiscordRoute route, byte[]? body)
    {
        var request = new HttpRequestMessage(route.Method, new Uri(this.apiBase + route.Path, UriKind.Absolute));
        request.Headers.TryAddWithoutValidation("User-Agent", this.userAgent);
        if (route.UsesBotToken)
        {
            // Without validation: a malformed token must not end up in a FormatException message.
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + this.token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting {DelayMs} ms for Discord's rate limit before {Route}")]
    private partial void LogRateLimitWait(string route, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord rate-limited {Route} (global: {Global}); retrying in {DelayMs} ms, attempt {Attempt} of {Attempts}")]
    private partial void LogRateLimited(string route, bool global, long delayMs, int attempt, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord request {Route} failed ({Reason}), attempt {Attempt} of {Attempts}; retrying in {DelayMs} ms")]
    private partial void LogRetry(string route, string reason, int attempt, int attempts, long delayMs);

    // Debug only: the DiscordUnauthorizedException thrown next says the same, and is reported once at the edge.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Discord refused the bot token (401) on {Route}; no further bot requests will be sent")]
    private partial void LogTokenRefused(string route);

    /// <summary>One attempt's result: the response body, or a retry (after <paramref name="Backoff"/>, or after the rate limit when null).</summary>
    private readonly record struct AttemptOutcome(byte[]? Content, TimeSpan? Backoff);
}
