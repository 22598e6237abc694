using System.Threading.Channels;
using AskBot.Core.Telemetry;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Gateway;

/// <summary>
/// Gateway v10 over a <see cref="System.Net.WebSockets.ClientWebSocket"/> without a Discord library: identify or resume,
/// heartbeat with zombie detection, reconnect with capped exponential backoff, and stop for good on close codes that
/// retrying cannot cure.
/// </summary>
/// <remarks>
/// One connection lives at a time; its receive loop only parses frames and writes events to the channel, so a slow
/// handler can delay reading but never heartbeats (they run on their own loop). All waits go through the injected
/// <see cref="TimeProvider"/>, all randomness through <see cref="GatewayRandom"/>.
/// </remarks>
public sealed partial class DiscordGatewayClient : IDiscordGateway
{
    private readonly IDiscordRestClient rest;
    private readonly DiscordOptions options;
    private readonly TimeProvider time;
    private readonly GatewayRandom random;
    private readonly AskBotTelemetry telemetry;
    private readonly ILogger<DiscordGatewayClient> logger;

    /// <summary>Creates the client; nothing connects before <see cref="RunAsync"/>.</summary>
    public DiscordGatewayClient(
        IDiscordRestClient rest,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        GatewayRandom random,
        AskBotTelemetry telemetry,
        ILogger<DiscordGatewayClient> logger)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        this.rest = rest;
        this.options = options.Value;
        this.time = time;
        this.random = random;
        this.telemetry = telemetry;
        this.logger = logger;
    }

    private enum ReconnectWait
    {
        /// <summary>The growing backoff delay.</summary>
        Backoff,

        /// <summary>No wait, unless the previous attempt already failed (then the backoff applies).</summary>
        Immediate,

        /// <summary>A random wait between the invalid-session bounds.</summary>
        InvalidSession,
    }

    /// <inheritdoc />
    public async Task RunAsync(ChannelWriter<GatewayEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (string.IsNullOrWhiteSpace(this.options.Token))
        {
            throw new DiscordGatewayFatalException(
                "No Discord bot token is configured; set AskBot__Discord__Token or the AskBot:Discord:Token user secret.");
        }

        try
        {
            await this.RunCoreAsync(events, null, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down is the normal way out.
        }

        this.LogStopped();
    }

    /// <summary>
    /// Runs one shard of a sharded bot with the gateway information the shard manager fetched once: its own session,
    /// resumes and reconnects (so a failing shard reconnects alone), identifying as <paramref name="shard"/> when
    /// <paramref name="pacer"/> gives it the turn.
    /// </summary>
    internal async Task RunShardAsync(
        ChannelWriter<GatewayEvent> events, GatewayBotInfo info, ShardInfo? shard, IdentifyPacer? pacer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        try
        {
            await this.RunCoreAsync(events, info, shard, pacer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down is the normal way out.
        }

        this.LogStopped();
    }

    /// <summary>Appends <c>/?v=10&amp;encoding=json</c> to a gateway URL; null when the URL is not a ws/wss URL.</summary>
    internal static Uri? BuildGatewayUri(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeWs && parsed.Scheme != Uri.UriSchemeWss))
        {
            return null;
        }

        var root = parsed.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + "/?v=10&encoding=json");
    }

    private static DiscordGatewayFatalException? FatalForCloseCode(int code) => code switch
    {
        GatewayCloseCodes.AuthenticationFailed => new(code, "Discord rejected the bot token (4004); check AskBot:Discord:Token."),
        GatewayCloseCodes.InvalidShard => new(code, "Discord rejected the shard settings (4010: invalid shard); check AskBot:Discord:ShardCount and AskBot:Discord:ShardIds."),
        GatewayCloseCodes.ShardingRequired => new(code, "Discord requires more shards for this bot (4011: sharding required); set AskBot:Discord:ShardCount to auto or a larger number."),
        GatewayCloseCodes.InvalidApiVersion => new(code, "Discord rejected the gateway API version (4012: invalid API version); AskBot speaks Gateway v10."),
        GatewayCloseCodes.InvalidIntents => new(code, "Discord rejected the intents (4013: invalid intents); check AskBot:Discord:Intents (default 37377)."),
        GatewayCloseCodes.DisallowedIntents => new(
            code,
            "Discord refused disallowed intents (4014): enable the Message Content intent on the Bot page of the developer portal, or remove it from AskBot:Discord:Intents."),
        _ => null,
    };

    private async Task RunCoreAsync(
        ChannelWriter<GatewayEvent> events, GatewayBotInfo? known, ShardInfo? shard, IdentifyPacer? pacer, CancellationToken cancellationToken)
    {
        var info = known ?? await this.rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        var limit = info.SessionStartLimit;
        if (limit is { Remaining: <= 0 })
        {
            throw new DiscordGatewayFatalException(
                $"Discord allows no more identifies for now (session_start_limit.remaining is 0 of {limit.Total}); "
                + $"the budget resets in {TimeSpan.FromMilliseconds(limit.ResetAfter):g}. Start the bot again after that.");
        }

        var baseUri = BuildGatewayUri(info.Url)
            ?? throw new DiscordGatewayFatalException($"GET /gateway/bot returned an unusable gateway URL '{info.Url}'.");

        // Never spend more identifies than Discord says are left today.
        var identifyBudget = Math.Min(this.options.MaxIdentifiesPerRun, limit?.Remaining ?? int.MaxValue);
        var session = new SessionState { Shard = shard, Pacer = pacer };
        var initialDelay = TimeSpan.FromSeconds(Math.Min(this.options.InitialReconnectDelaySeconds, this.options.MaxReconnectDelaySeconds));
        var backoff = initialDelay;
        var failuresSinceReady = 0;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resume = session.CanResume;
            if (!resume && session.Identifies >= identifyBudget)
            {
                throw new DiscordGatewayFatalException(
                    $"The gateway identified {session.Identifies} times in this run, the most allowed (AskBot:Discord:MaxIdentifiesPerRun "
                    + $"or Discord's remaining daily budget); stopping so that reconnects cannot exhaust Discord's identify limit, which resets the token.");
            }

            var uri = resume ? session.ResumeUri ?? baseUri : baseUri;
            SessionEnd end;
            bool wasReady;
            using (var connection = new Connection(this, session, resume, events))
            {
                end = await connection.RunAsync(uri, cancellationToken).ConfigureAwait(false);
                wasReady = connection.WasReady;
            }

            if (end.Fatal is { } fatal)
            {
                this.LogFatal(fatal.CloseCode, fatal.Message);
                throw fatal;
            }

            if (end.Stop)
            {
                return;
            }

            if (end.ClearSession)
            {
                session.Clear();
            }

            if (wasReady)
            {
                backoff = initialDelay;
                failuresSinceReady = 0;
            }
            else
            {
                failuresSinceReady++;
            }

            TimeSpan wait;
            if (end.Wait == ReconnectWait.InvalidSession)
            {
                wait = this.InvalidSessionDelay();
            }
            else if (end.Wait == ReconnectWait.Immediate && failuresSinceReady == 0)
            {
                wait = TimeSpan.Zero;
            }
            else
            {
                wait = backoff;
                backoff = this.NextBackoff(backoff);
            }

            this.LogReconnecting((long)wait.TotalMilliseconds, end.Reason, session.CanResume);
            this.telemetry.RecordReconnect(end.Kind);
            await Task.Delay(wait, this.time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan NextBackoff(TimeSpan current)
    {
        // Double, with ±25 % jitter so many clients dropped at once do not reconnect in lockstep.
        var factor = 2 + ((this.random.NextDouble() * 0.5) - 0.25);
        var next = current.TotalSeconds * factor;
        return TimeSpan.FromSeconds(Math.Min(next, this.options.MaxReconnectDelaySeconds));
    }

    private TimeSpan InvalidSessionDelay()
    {
        var min = Math.Min(this.options.InvalidSessionMinDelaySeconds, this.options.InvalidSessionMaxDelaySeconds);
        var max = Math.Max(this.options.InvalidSessionMinDelaySeconds, this.options.InvalidSessionMaxDelaySeconds);
        return TimeSpan.FromSeconds(min + ((max - min) * this.random.NextDouble()));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to the gateway at {Url} ({Mode})")]
    private partial void LogConnecting(Uri url, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the gateway at {Host}")]
    private partial void LogConnected(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect to the gateway at {Host}: {Error}")]
    private partial void LogConnectFailed(string host, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identified with intents {Intents} (identify {Count} of this run)")]
    private partial void LogIdentifying(int intents, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming session {SessionId} at sequence {Sequence}")]
    private partial void LogResuming(string sessionId, long? sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "READY as user {UserId} of application {ApplicationId}, session {SessionId}")]
    private partial void LogReady(string userId, string applicationId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "RESUMED session {SessionId}; {Replayed} missed events replayed")]
    private partial void LogResumed(string? sessionId, int replayed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heartbeat acknowledged after {LatencyMs} ms")]
    private partial void LogHeartbeatAck(double latencyMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord did not acknowledge the last heartbeat; dropping the zombie connection")]
    private partial void LogZombie();

    // Information: Discord closes sessions routinely (resumable codes); fatal codes surface as an exception.
    [LoggerMessage(Level = LogLevel.Information, Message = "Discord closed the gateway connection with {CloseCode} ({Description})")]
    private partial void LogServerClosed(int? closeCode, string? description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway connection dropped: {Error}")]
    private partial void LogConnectionLost(string error);

    // Only the kind of fault: the frame itself may hold message contents or, echoed back, the token.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping the gateway connection after a bad frame ({Problem}); will reconnect")]
    private partial void LogBadFrame(string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a gateway payload with unknown op {Op}")]
    private partial void LogUnknownOpcode(int op);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord asked for a reconnect (op 7)")]
    private partial void LogReconnectRequested();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord invalidated the session (op 9, resumable: {Resumable})")]
    private partial void LogInvalidSession(bool resumable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Expected} within {TimeoutSeconds} s; reconnecting")]
    private partial void LogDeadlineMissed(string expected, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting in {DelayMs} ms ({Reason}); will {Mode}")]
    private partial void LogReconnectingCore(long delayMs, string reason, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a {EventName} dispatch that could not be read: {Error}")]
    private partial void LogUnreadableDispatch(string eventName, string error);

    // Debug only: the exception thrown next carries the same message, and whoever hosts the gateway reports it once.
    [LoggerMessage(Level = LogLevel.Debug, Message = "The gateway stopped for good (close code {CloseCode}): {Reason}")]
    private partial void LogFatal(int? closeCode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The gateway client stopped")]
    private partial void LogStopped();

    private void LogReconnecting(long delayMs, string reason, bool resume) =>
        this.LogReconnectingCore(delayMs, reason, resume ? "resume" : "identify");

    /// <summary>How a connection ended and what the next one should do.</summary>
    /// <param name="Reason">For the log, e.g. <c>close code 4000</c>.</param>
    /// <param name="Kind">A short fixed name for the reconnect metric's tag (few values, so the tag stays low-cardinality).</param>
    /// <param name="ClearSession">The next connection identifies instead of resuming.</param>
    /// <param name="Wait">How long to wait before the next connection.</param>
    private sealed record SessionEnd(string Reason, string Kind, bool ClearSession = false, ReconnectWait Wait = ReconnectWait.Backoff)
    {
        /// <summary>The run was cancelled: close with 1000 and return.</summary>
        public bool Stop { get; init; }

        /// <summary>Set when the run must end with this exception.</summary>
        public DiscordGatewayFatalException? Fatal { get; init; }

        /// <summary>The close code to send when this side closes the socket.</summary>
        public int CloseCode => this.Stop ? 1000 : GatewayCloseCodes.UnknownError;
    }

    /// <summary>What survives a reconnect: the session to resume, the last sequence number, the identify count.</summary>
    private sealed class SessionState
    {
        private const long NoSequence = -1;
        private long sequence = NoSequence;

        public string? SessionId { get; set; }

        public Uri? ResumeUri { get; set; }

        public int Identifies { get; set; }

        /// <summary>The shard this session identifies as (null: unsharded).</summary>
        public ShardInfo? Shard { get; init; }

        /// <summary>Whose turn it is to identify, shared by the shards of the process (null: unsharded).</summary>
        public IdentifyPacer? Pacer { get; init; }

        public bool CanResume => this.SessionId is not null;

        /// <summary>Latest non-null <c>s</c>; read by the heartbeat loop while the receive loop writes it.</summary>
        public long? Sequence
        {
            get
            {
                var value = Volatile.Read(ref this.sequence);
                return value == NoSequence ? null : value;
            }

            set => Volatile.Write(ref this.sequence, value ?? NoSequence);
        }

        public void Clear()
        {
            this.SessionId = null;
            this.ResumeUri = null;
            this.Sequence = null;
        }
    }
}
