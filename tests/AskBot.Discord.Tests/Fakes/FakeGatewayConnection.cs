using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AskBot.Discord.Tests.Fakes;

/// <summary>One client connection to <see cref="FakeGatewayServer"/>: what the client sent, and actions on it.</summary>
public sealed class FakeGatewayConnection
{
    private readonly FakeGatewayServer server;
    private readonly HttpContext context;
    private readonly WebSocket socket;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private volatile bool ready;
    private volatile bool closed;
    private volatile bool serverClosedFirst;
    private int? clientCloseStatus;
    private TimeSpan? helloSentAt;
    private TimeSpan? closedAt;

    internal FakeGatewayConnection(FakeGatewayServer server, int number, HttpContext context, WebSocket socket, TimeSpan connectedAt)
    {
        this.server = server;
        this.Number = number;
        this.context = context;
        this.socket = socket;
        this.ConnectedAt = connectedAt;
        this.Path = context.Request.Path.Value ?? "/";
        this.Query = context.Request.QueryString.Value ?? string.Empty;
    }

    /// <summary>1-based number of this connection.</summary>
    public int Number { get; }

    /// <summary>Request path: <c>/</c> for the base URL, <c>/resume/</c> for the resume URL.</summary>
    public string Path { get; }

    /// <summary>Query string including <c>?</c>, e.g. <c>?v=10&amp;encoding=json</c>.</summary>
    public string Query { get; }

    /// <summary>True when the client connected to <see cref="FakeGatewayServer.ResumeUrl"/>.</summary>
    public bool IsResumeUrl => this.Path.StartsWith(FakeGatewayServer.ResumePath, StringComparison.Ordinal);

    /// <summary>When the connection opened, measured from the server's start.</summary>
    public TimeSpan ConnectedAt { get; }

    /// <summary>When Hello was sent, if it was.</summary>
    public TimeSpan? HelloSentAt => this.helloSentAt;

    /// <summary>When the connection ended, if it has.</summary>
    public TimeSpan? ClosedAt => this.closedAt;

    /// <summary>Answer heartbeats on this connection with op 11.</summary>
    public bool AckHeartbeats { get; set; }

    /// <summary>Answer Identify on this connection with READY.</summary>
    public bool AutoReady { get; set; }

    /// <summary>Answer Resume on this connection with replay + RESUMED (or op 9 for an unknown session).</summary>
    public bool AutoResume { get; set; }

    /// <summary>The shard id this connection identified as (null: unsharded or not identified yet).</summary>
    public int? ShardId { get; private set; }

    /// <summary>READY or RESUMED has been sent on this connection.</summary>
    public bool IsReady => this.ready;

    /// <summary>The socket is still open.</summary>
    public bool IsOpen => !this.closed && this.socket.State == WebSocketState.Open;

    /// <summary>The close code in the client's close frame (its own close or its answer to ours); null if it sent none.</summary>
    public int? ClientCloseStatus => this.clientCloseStatus;

    /// <summary>True when the client closed (or dropped) the connection before this server closed it.</summary>
    public bool ClientClosedFirst => this.closed && !this.serverClosedFirst;

    /// <summary>Frames the client sent on this connection.</summary>
    public IReadOnlyList<FakeGatewayFrame> Frames => this.server.Frames.Where(frame => frame.Connection == this.Number).ToList();

    /// <summary>Waits for the <paramref name="occurrence"/>-th frame (1-based) with <paramref name="op"/> on this connection.</summary>
    public Task<FakeGatewayFrame> WaitForFrameAsync(int op, TimeSpan timeout, int occurrence = 1) =>
        this.server.WaitForFrameAsync(
            frame => frame.Connection == this.Number && frame.Op == op,
            timeout,
            occurrence,
            $"frame #{occurrence} with op {op} on connection #{this.Number}");

    /// <summary>Waits until the connection has ended.</summary>
    public Task WaitForCloseAsync(TimeSpan timeout) =>
        this.server.WaitUntilAsync(() => this.closed ? this : null, timeout, $"end of connection #{this.Number}");

    /// <summary>Sends <c>{"op":op,"d":d}</c> (<paramref name="data"/> serialised with <c>DiscordJson.Options</c>).</summary>
    public Task SendOpAsync(int op, object? data) => this.SendFrameAsync(op, FakeGatewayServer.ToNode(data), null, null);

    /// <summary>Sends a dispatch with the server's next sequence number on this connection (kept for replay).</summary>
    public Task<long> SendDispatchAsync(string name, object? data) =>
        this.server.SendDispatchAsync(name, FakeGatewayServer.ToNode(data), this);

    /// <summary>Sends a raw frame; <paramref name="sequence"/> and <paramref name="name"/> are written as given.</summary>
    public Task SendFrameAsync(int op, object? data, long? sequence, string? name)
    {
        var frame = new JsonObject
        {
            ["op"] = op,
            ["d"] = FakeGatewayServer.ToNode(data),
            ["s"] = sequence,
            ["t"] = name,
        };
        return this.SendTextAsync(frame.ToJsonString());
    }

    /// <summary>Sends <paramref name="json"/> as one text message.</summary>
    public async Task SendTextAsync(string json)
    {
        await this.sendLock.WaitAsync();
        try
        {
            await this.socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            this.sendLock.Release();
        }
    }

    /// <summary>
    /// Sends <paramref name="bytes"/> as one WebSocket frame, as given: binary, or the first part of a fragmented message
    /// (<paramref name="endOfMessage"/> false). Not kept for replay. Fails quietly once the client has gone, since a fault
    /// test's client may drop the connection mid-send.
    /// </summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type = WebSocketMessageType.Text, bool endOfMessage = true)
    {
        await this.sendLock.WaitAsync();
        try
        {
            await this.socket.SendAsync(bytes, type, endOfMessage, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client dropped the connection first, which is what these tests provoke.
        }
        finally
        {
            this.sendLock.Release();
        }
    }

    /// <summary>Waits until READY or RESUMED has been sent on this connection, so a dispatch sent next goes to it.</summary>
    public Task WaitForReadyAsync(TimeSpan timeout) =>
        this.server.WaitUntilAsync(() => this.ready ? this : null, timeout, $"READY or RESUMED on connection #{this.Number}");

    /// <summary>Sends Hello with <paramref name="heartbeatIntervalMs"/>.</summary>
    public async Task SendHelloAsync(int heartbeatIntervalMs)
    {
        this.helloSentAt = this.server.Now;
        await this.SendOpAsync(10, new JsonObject { ["heartbeat_interval"] = heartbeatIntervalMs });
    }

    /// <summary>Starts a new session and sends its READY (s=1), as for an Identify.</summary>
    public async Task SendReadyAsync()
    {
        var (sequence, readyPayload) = this.server.BeginSession();
        if (this.ShardId is int shard)
        {
            readyPayload["shard"] = new JsonArray(shard, this.server.Shards);
        }

        await this.SendFrameAsync(0, readyPayload, sequence, "READY");
        this.ready = true;
        this.server.NotifyChanged();
    }

    /// <summary>Closes with <paramref name="code"/> (a close frame; the client's answer is recorded).</summary>
    public async Task CloseAsync(int code, string? description = null)
    {
        this.serverClosedFirst = true;
        await this.sendLock.WaitAsync();
        try
        {
            await this.socket.CloseOutputAsync((WebSocketCloseStatus)code, description ?? string.Empty, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // Already gone.
        }
        finally
        {
            this.sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame (what a network failure looks like).</summary>
    public void Abort()
    {
        if (this.closed)
        {
            return;
        }

        this.serverClosedFirst = true;
        try
        {
            this.context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request ended between the check and the abort.
        }
    }

    internal async Task RunAsync(Func<FakeGatewayConnection, Task>? onConnected, bool sendHello, int heartbeatIntervalMs)
    {
        try
        {
            if (onConnected is not null)
            {
                await onConnected(this);
            }

            if (sendHello && this.socket.State == WebSocketState.Open)
            {
                await this.SendHelloAsync(heartbeatIntervalMs);
            }

            await this.ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client dropped the connection or the test aborted it.
        }
        finally
        {
            this.closedAt = this.server.Now;
            this.closed = true;
            this.server.NotifyChanged();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await this.socket.ReceiveAsync(buffer.GetMemory(4096), this.context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await this.OnClientCloseAsync();
                    return;
                }

                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage);

            await this.OnFrameAsync(buffer.WrittenMemory);
        }
    }

    private async Task OnClientCloseAsync()
    {
        this.clientCloseStatus = (int?)this.socket.CloseStatus;
        if (this.socket.State == WebSocketState.CloseReceived)
        {
            await this.sendLock.WaitAsync();
            try
            {
                await this.socket.CloseOutputAsync(this.socket.CloseStatus ?? WebSocketCloseStatus.Empty, null, CancellationToken.None);
            }
            finally
            {
                this.sendLock.Release();
            }
        }
    }

    private async Task OnFrameAsync(ReadOnlyMemory<byte> bytes)
    {
        FakeGatewayFrame frame;
        using (var document = JsonDocument.Parse(bytes))
        {
            var root = document.RootElement;
            var data = root.TryGetProperty("d", out var d) ? d.Clone() : default;
            frame = new FakeGatewayFrame(this.Number, root.GetProperty("op").GetInt32(), data, this.server.Now);
        }

        this.server.Record(frame);
        switch (frame.Op)
        {
            case 1 when this.AckHeartbeats:
                await this.SendOpAsync(11, null);
                break;

            case 2 when this.AutoReady:
                this.ShardId = ShardOf(frame);
                await this.SendReadyAsync();
                break;

            case 2:
                this.ShardId = ShardOf(frame);
                break;

            case 6 when this.AutoResume:
                await this.ResumeAsync(frame);
                break;

            default:
                break;
        }
    }

    private async Task ResumeAsync(FakeGatewayFrame frame)
    {
        var seq = frame.D.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : (long?)null;
        var resumed = this.server.Resume(frame.String("session_id"), seq);
        if (resumed is not { } result)
        {
            await this.SendOpAsync(9, false);
            return;
        }

        foreach (var (sequence, name, data) in result.Replay)
        {
            await this.SendFrameAsync(0, data, sequence, name);
        }

        await this.SendFrameAsync(0, null, result.ResumedSequence, "RESUMED");
        this.ready = true;
        this.server.NotifyChanged();
    }

    private static int? ShardOf(FakeGatewayFrame identify) =>
        identify.D.ValueKind == System.Text.Json.JsonValueKind.Object
        && identify.D.TryGetProperty("shard", out var shard)
        && shard.ValueKind == System.Text.Json.JsonValueKind.Array
            ? shard[0].GetInt32()
            : null;
}
