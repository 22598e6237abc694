using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AskBot.Discord.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Fakes;

/// <summary>
/// A scripted Discord Gateway v10 on a loopback Kestrel port, for a real <see cref="System.Net.WebSockets.ClientWebSocket"/>.
/// </summary>
/// <remarks>
/// By default it behaves like Discord: Hello (with <see cref="HeartbeatIntervalMs"/>), ACK for every heartbeat, READY
/// (s=1) for an Identify, and for a Resume of the current session a replay of the dispatches after the client's seq
/// followed by RESUMED (op 9 <c>false</c> for an unknown session). Each connection copies the server's switches
/// (<see cref="AckHeartbeats"/>, <see cref="AutoReady"/>, <see cref="AutoResume"/>, <see cref="SendHello"/>) when it
/// opens, so a test can change one connection without touching the next. Every frame the client sends is recorded.
/// <see cref="ResumeUrl"/> (a <c>/resume</c> path on the same port) is the READY's <c>resume_gateway_url</c>, so tests
/// can tell a resume connection from an identify one.
/// </remarks>
public sealed class FakeGatewayServer : IAsyncDisposable
{
    /// <summary>The bot's own user id in READY.</summary>
    public const string BotUserId = "BOT_ID";

    /// <summary>The bot's username in READY.</summary>
    public const string BotUsername = "AskBot";

    /// <summary>The application id in READY.</summary>
    public const string ApplicationId = "APP_ID";

    /// <summary>The session id of the first READY; later identifies get <c>sess-2</c>, <c>sess-3</c>, …</summary>
    public const string SessionId = "sess-1";

    /// <summary>Path of <see cref="ResumeUrl"/>.</summary>
    public const string ResumePath = "/resume";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<FakeGatewayConnection> connections = [];
    private readonly List<FakeGatewayFrame> frames = [];
    private readonly List<(long Sequence, string Name, JsonNode? Data)> history = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long sequence;
    private int sessions;
    private string? currentSession;
    private Uri? url;

    private FakeGatewayServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        this.app = builder.Build();
        this.app.UseWebSockets();
        this.app.Run(this.HandleAsync);
    }

    /// <summary><c>ws://127.0.0.1:PORT</c>: the <c>url</c> for <c>GET /gateway/bot</c>.</summary>
    public Uri Url => this.url ?? throw new InvalidOperationException("The server has not started.");

    /// <summary><c>ws://127.0.0.1:PORT/resume</c>: the <c>resume_gateway_url</c> of READY.</summary>
    public Uri ResumeUrl => new(this.Url, ResumePath);

    /// <summary>A <c>GET /gateway/bot</c> answer pointing at this server, with a full identify budget.</summary>
    public GatewayBotInfo GatewayBotInfo => new(this.Url.ToString(), this.Shards, new SessionStartLimit(1000, 1000, 86_400_000, this.MaxConcurrency));

    /// <summary>
    /// The shard count <c>GET /gateway/bot</c> recommends. Above 1 the fake serves a sharded bot: sessions share one
    /// rising sequence (so no connection sees numbers go back), READY echoes the identify's shard, and
    /// <see cref="SendToShardAsync"/> routes a dispatch as Discord does.
    /// </summary>
    public int Shards { get; set; } = 1;

    /// <summary>The <c>session_start_limit.max_concurrency</c> of <c>GET /gateway/bot</c>.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// Sends a dispatch on the connection of the shard Discord would use: <c>(guild_id &gt;&gt; 22) % shards</c> of the
    /// shard ids the connections identified with, shard 0 for a DM. Fails when no ready connection runs that shard.
    /// </summary>
    public async Task<(long Sequence, int Shard)> SendToShardAsync(string name, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shard = AskBot.Discord.Gateway.ShardInfo.For(data["guild_id"]?.GetValue<string>(), this.Shards);
        FakeGatewayConnection target;
        lock (this.gate)
        {
            target = this.connections.LastOrDefault(c => c.IsOpen && c.IsReady && c.ShardId == shard)
                ?? throw new InvalidOperationException($"No ready connection runs shard {shard}.");
        }

        return (await this.SendDispatchAsync(name, data, target), shard);
    }

    /// <summary><c>heartbeat_interval</c> sent in Hello, in milliseconds.</summary>
    public int HeartbeatIntervalMs { get; set; } = 1000;

    /// <summary>Answer heartbeats with op 11 (copied to each new connection).</summary>
    public bool AckHeartbeats { get; set; } = true;

    /// <summary>Answer Identify with READY (copied to each new connection).</summary>
    public bool AutoReady { get; set; } = true;

    /// <summary>Answer Resume with replay + RESUMED, or op 9 for an unknown session (copied to each new connection).</summary>
    public bool AutoResume { get; set; } = true;

    /// <summary>Send Hello when a connection opens (copied to each new connection).</summary>
    public bool SendHello { get; set; } = true;

    /// <summary>
    /// How many dispatches at or before the client's <c>seq</c> a Resume replays again, as Discord may: a client must
    /// not hand them to the bot twice.
    /// </summary>
    public int ResumeReplayOverlap { get; set; }

    /// <summary>Runs when a connection opens, before Hello; e.g. send op 7 first, or close at once.</summary>
    public Func<FakeGatewayConnection, Task>? OnConnectedAsync { get; set; }

    /// <summary>The session id of the last READY, or null after <see cref="InvalidateSession"/>.</summary>
    public string? CurrentSessionId
    {
        get
        {
            lock (this.gate)
            {
                return this.currentSession;
            }
        }
    }

    /// <summary>Every connection so far, oldest first.</summary>
    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (this.gate)
            {
                return [.. this.connections];
            }
        }
    }

    /// <summary>Every frame the client sent, on any connection, in arrival order.</summary>
    public IReadOnlyList<FakeGatewayFrame> Frames
    {
        get
        {
            lock (this.gate)
            {
                return [.. this.frames];
            }
        }
    }

    /// <summary>The newest connection, or null before the first one.</summary>
    public FakeGatewayConnection? Current
    {
        get
        {
            lock (this.gate)
            {
                return this.connections.Count == 0 ? null : this.connections[^1];
            }
        }
    }

    internal TimeSpan Now => this.clock.Elapsed;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeGatewayServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeGatewayServer();
        await server.app.StartAsync(cancellationToken);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/'));
        return server;
    }

    /// <summary>Frames with <paramref name="op"/>, on any connection.</summary>
    public IReadOnlyList<FakeGatewayFrame> FramesWithOp(int op) => this.Frames.Where(frame => frame.Op == op).ToList();

    /// <summary>Waits until connection number <paramref name="number"/> (1-based) has opened.</summary>
    public Task<FakeGatewayConnection> WaitForConnectionAsync(int number, TimeSpan timeout) =>
        this.WaitUntilAsync(
            () => this.connections.Count >= number ? this.connections[number - 1] : null,
            timeout,
            $"connection #{number}");

    /// <summary>Waits for the <paramref name="occurrence"/>-th frame (1-based) with <paramref name="op"/>, on any connection.</summary>
    public Task<FakeGatewayFrame> WaitForFrameAsync(int op, TimeSpan timeout, int occurrence = 1) =>
        this.WaitForFrameAsync(frame => frame.Op == op, timeout, occurrence, $"frame #{occurrence} with op {op}");

    /// <summary>Waits for the <paramref name="occurrence"/>-th frame (1-based) that matches.</summary>
    public Task<FakeGatewayFrame> WaitForFrameAsync(Func<FakeGatewayFrame, bool> match, TimeSpan timeout, int occurrence = 1, string? description = null) =>
        this.WaitUntilAsync(
            () => this.frames.Where(match).Skip(occurrence - 1).FirstOrDefault(),
            timeout,
            description ?? $"matching frame #{occurrence}");

    /// <summary>
    /// Sends a dispatch with the next sequence number on the newest open connection that is ready (READY or RESUMED
    /// sent), and keeps it for replay on resume. With no ready connection it is only kept, as Discord does while a
    /// client is away. Returns the sequence number.
    /// </summary>
    public Task<long> SendDispatchAsync(string name, object? data) => this.SendDispatchAsync(name, ToNode(data), target: null);

    /// <summary>
    /// Takes the next sequence number for a dispatch and keeps it for replay without sending it, as if it were lost on
    /// the way (e.g. a test then sends part of it and drops the connection): the next resume delivers it.
    /// </summary>
    public long KeepForReplay(string name, object? data)
    {
        lock (this.gate)
        {
            var sequenceNumber = ++this.sequence;
            this.history.Add((sequenceNumber, name, ToNode(data)));
            return sequenceNumber;
        }
    }

    /// <summary>Makes the current session unknown: a Resume now gets op 9 <c>false</c>.</summary>
    public void InvalidateSession()
    {
        lock (this.gate)
        {
            this.currentSession = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in this.Connections)
        {
            connection.Abort();
        }

        using (var stop = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await this.app.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections still open after the grace period are dropped by DisposeAsync.
            }
        }

        await this.app.DisposeAsync();
    }

    internal static JsonNode? ToNode(object? data) => data switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => System.Text.Json.JsonSerializer.SerializeToNode(data, DiscordJson.Options),
    };

    internal async Task<long> SendDispatchAsync(string name, JsonNode? data, FakeGatewayConnection? target)
    {
        long sequenceNumber;
        lock (this.gate)
        {
            sequenceNumber = ++this.sequence;
            this.history.Add((sequenceNumber, name, data?.DeepClone()));
            target ??= this.connections.LastOrDefault(connection => connection.IsOpen && connection.IsReady);
        }

        if (target is not null)
        {
            await target.SendFrameAsync(0, data, sequenceNumber, name);
        }

        return sequenceNumber;
    }

    internal void Record(FakeGatewayFrame frame)
    {
        lock (this.gate)
        {
            this.frames.Add(frame);
        }

        this.NotifyChanged();
    }

    internal void NotifyChanged()
    {
        TaskCompletionSource previous;
        lock (this.gate)
        {
            previous = this.changed;
            this.changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    internal async Task<T> WaitUntilAsync<T>(Func<T?> probe, TimeSpan timeout, string description)
        where T : class
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            Task signal;
            lock (this.gate)
            {
                if (probe() is { } found)
                {
                    return found;
                }

                signal = this.changed.Task;
            }

            try
            {
                await signal.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The fake gateway saw no {description} within {timeout.TotalSeconds:0.###} s.");
            }
        }
    }

    /// <summary>Starts a new session for an Identify and builds its READY (s=1).</summary>
    internal (long Sequence, JsonNode Ready) BeginSession()
    {
        lock (this.gate)
        {
            this.sessions++;
            this.currentSession = "sess-" + this.sessions.ToString(CultureInfo.InvariantCulture);

            // Shards' sessions live side by side; each must see its numbers rise, so they share one sequence.
            this.sequence = this.Shards > 1 ? this.sequence + 1 : 1;
            var ready = new JsonObject
            {
                ["v"] = 10,
                ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = BotUsername, ["bot"] = true },
                ["guilds"] = new JsonArray(),
                ["session_id"] = this.currentSession,
                ["resume_gateway_url"] = this.ResumeUrl.ToString(),
                ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
            };
            this.history.Clear();
            this.history.Add((this.sequence, "READY", ready.DeepClone()));
            return (this.sequence, ready);
        }
    }

    /// <summary>For a Resume: the dispatches after <paramref name="seq"/> and the RESUMED sequence, or null for an unknown session.</summary>
    internal (IReadOnlyList<(long Sequence, string Name, JsonNode? Data)> Replay, long ResumedSequence)? Resume(string? sessionId, long? seq)
    {
        lock (this.gate)
        {
            if (sessionId is null || sessionId != this.currentSession)
            {
                return null;
            }

            var replay = this.history.Where(entry => entry.Sequence > (seq ?? 0) - this.ResumeReplayOverlap).Select(entry => (entry.Sequence, entry.Name, entry.Data?.DeepClone())).ToList();
            return (replay, ++this.sequence);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeGatewayConnection connection;
        lock (this.gate)
        {
            connection = new FakeGatewayConnection(this, this.connections.Count + 1, context, socket, this.Now)
            {
                AckHeartbeats = this.AckHeartbeats,
                AutoReady = this.AutoReady,
                AutoResume = this.AutoResume,
            };
            this.connections.Add(connection);
        }

        this.NotifyChanged();
        await connection.RunAsync(this.OnConnectedAsync, this.SendHello, this.HeartbeatIntervalMs);
    }
}
