using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using AskBot.Discord.Models;

namespace AskBot.Discord.Gateway;

/// <content>One WebSocket connection: receive loop, heartbeat loop, deadlines, and the closing handshake.</content>
public sealed partial class DiscordGatewayClient
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private sealed class Connection : IDisposable
    {
        private const int ReceiveChunkBytes = 16 * 1024;

        private readonly DiscordGatewayClient client;
        private readonly SessionState session;
        private readonly bool resume;
        private readonly ChannelWriter<GatewayEvent> events;
        private readonly ClientWebSocket socket = new();
        private readonly SemaphoreSlim sendLock = new(1, 1);
        private readonly CancellationTokenSource lifetime = new();
        private readonly TaskCompletionSource<SessionEnd> stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<Task> background = [];
        private volatile bool helloReceived;
        private volatile bool ready;
        private volatile bool heartbeatAcked = true;
        private long heartbeatSentAt;
        private int replayed;
        private CancellationTokenSource? heartbeatLifetime;

        public Connection(DiscordGatewayClient client, SessionState session, bool resume, ChannelWriter<GatewayEvent> events)
        {
            this.client = client;
            this.session = session;
            this.resume = resume;
            this.events = events;
        }

        /// <summary>READY or RESUMED arrived on this connection.</summary>
        public bool WasReady => this.ready;

        private TimeSpan ReadyTimeout => TimeSpan.FromSeconds(this.client.options.ReadyTimeoutSeconds);

        public async Task<SessionEnd> RunAsync(Uri uri, CancellationToken cancellationToken)
        {
            this.client.LogConnecting(uri, this.resume ? "resume" : "identify");
            try
            {
                using var connectTimeout = new CancellationTokenSource(this.ReadyTimeout, this.client.time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token);
                await this.socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                && ex is WebSocketException or IOException or HttpRequestException or OperationCanceledException)
            {
                this.client.LogConnectFailed(uri.Host, ex.Message);
                return new SessionEnd("connect failed", "connect-failed");
            }

            this.client.LogConnected(uri.Host);
            using var registration = cancellationToken.Register(
                static state => ((Connection)state!).stop.TrySetResult(new SessionEnd("shutting down", "shutdown") { Stop = true }),
                this);
            this.StartDeadline(this.ReadyTimeout, () => this.helloReceived, "Hello");

            var receive = this.ReceiveLoopAsync();
            var first = await Task.WhenAny(receive, this.stop.Task).ConfigureAwait(false);
            SessionEnd end;
            try
            {
                end = first == receive ? await receive.ConfigureAwait(false) : await this.stop.Task.ConfigureAwait(false);
            }
            catch
            {
                await this.ShutdownAsync(receive, closeCode: GatewayCloseCodes.UnknownError).ConfigureAwait(false);
                throw;
            }

            await this.ShutdownAsync(receive, end.CloseCode).ConfigureAwait(false);
            return end;
        }

        public void Dispose()
        {
            this.lifetime.Cancel();
            this.heartbeatLifetime?.Dispose();
            this.lifetime.Dispose();
            this.sendLock.Dispose();
            this.socket.Dispose();
        }

        private async Task ShutdownAsync(Task<SessionEnd> receive, int closeCode)
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout, this.client.time);
            try
            {
                var state = this.socket.State;
                if (state is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    // Answer Discord's close with its own code; otherwise close with ours (1000 only on shutdown,
                    // because 1000/1001 from the client would end the session Discord keeps for a resume).
                    var status = state == WebSocketState.CloseReceived
                        ? this.socket.CloseStatus ?? WebSocketCloseStatus.Empty
                        : (WebSocketCloseStatus)closeCode;
                    await this.sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                    try
                    {
                        await this.socket.CloseOutputAsync(status, null, timeout.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        this.sendLock.Release();
                    }
                }

                if (!receive.IsCompleted)
                {
                    // Give the server a moment to confirm the close, so it sees a clean handshake.
                    await receive.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The socket is going away either way.
            }

            await this.lifetime.CancelAsync().ConfigureAwait(false);
            try
            {
                await receive.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ChannelClosedException)
            {
                // Already reported through the end that RunAsync returns.
            }

            await Task.WhenAll(this.background).ConfigureAwait(false);
        }

        private async Task<SessionEnd> ReceiveLoopAsync()
        {
            var buffer = new ArrayBufferWriter<byte>(ReceiveChunkBytes);
            try
            {
                while (true)
                {
                    buffer.ResetWrittenCount();
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        // READY of a big bot spans many frames; read until the end of the message.
                        result = await this.socket.ReceiveAsync(buffer.GetMemory(ReceiveChunkBytes), this.lifetime.Token).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return this.OnServerClosed();
                        }

                        buffer.Advance(result.Count);
                        if (buffer.WrittenCount > this.client.options.MaxGatewayMessageBytes)
                        {
                            // Stop before the rest arrives: buffering it is exactly what the cap is there to prevent.
                            return this.BadFrame($"message over {this.client.options.MaxGatewayMessageBytes} bytes");
                        }
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType != WebSocketMessageType.Text)
                    {
                        // Without compress Discord sends only JSON text, so a binary message means the two sides
                        // no longer agree on the protocol.
                        return this.BadFrame("binary message");
                    }

                    var end = await this.HandleFrameAsync(buffer.WrittenMemory).ConfigureAwait(false);
                    if (end is not null)
                    {
                        return end;
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException && !this.lifetime.IsCancellationRequested)
            {
                this.client.LogConnectionLost(ex.Message);
                return new SessionEnd("connection lost", "connection-lost");
            }
            catch (JsonException)
            {
                // The exception text can quote the payload, so only the kind of fault is logged.
                return this.BadFrame("unreadable READY");
            }
        }

        /// <summary>
        /// Ends the connection as if it had dropped: close (not 1000/1001, so the session survives), back off, and resume.
        /// </summary>
        private SessionEnd BadFrame(string problem)
        {
            this.client.LogBadFrame(problem);
            return new SessionEnd("bad frame", "malformed-frame");
        }

        private SessionEnd OnServerClosed()
        {
            var code = (int?)this.socket.CloseStatus;
            if (this.stop.Task.IsCompleted)
            {
                // The server is confirming a close this side started; nothing to decide.
                return this.stop.Task.Result;
            }

            this.client.LogServerClosed(code, this.socket.CloseStatusDescription);
            if (code is int closeCode && FatalForCloseCode(closeCode) is { } fatal)
            {
                return new SessionEnd($"close code {closeCode}", "server-close") { Fatal = fatal };
            }

            var newSession = code is GatewayCloseCodes.NotAuthenticated or GatewayCloseCodes.InvalidSeq or GatewayCloseCodes.SessionTimedOut;
            return new SessionEnd($"close code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}", "server-close", ClearSession: newSession);
        }

        private async Task<SessionEnd?> HandleFrameAsync(ReadOnlyMemory<byte> frame)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(frame);
            }
            catch (JsonException)
            {
                return this.BadFrame("invalid or truncated JSON");
            }

            using var owner = document;
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return this.BadFrame($"JSON {root.ValueKind} instead of an object");
            }

            if (!root.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.Number || !opElement.TryGetInt32(out var op))
            {
                return this.BadFrame("payload without an integer op");
            }

            root.TryGetProperty("d", out var data);
            switch (op)
            {
                case GatewayOpcodes.Dispatch:
                    // Checked before the sequence moves on, so a resume asks Discord to send this dispatch again.
                    if (!root.TryGetProperty("s", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var sequence))
                    {
                        return this.BadFrame("dispatch without an integer s");
                    }

                    if (!root.TryGetProperty("t", out var t) || t.ValueKind != JsonValueKind.String)
                    {
                        return this.BadFrame("dispatch without t");
                    }

                    if (data.ValueKind == JsonValueKind.Undefined)
                    {
                        return this.BadFrame("dispatch without d");
                    }

                    await this.OnDispatchAsync(t.GetString()!, sequence, data).ConfigureAwait(false);
                    return null;

                case GatewayOpcodes.Heartbeat:
                    await this.SendHeartbeatAsync(expectAck: false).ConfigureAwait(false);
                    return null;

                case GatewayOpcodes.HeartbeatAck:
                    this.heartbeatAcked = true;
                    this.client.LogHeartbeatAck(this.client.time.GetElapsedTime(Interlocked.Read(ref this.heartbeatSentAt)).TotalMilliseconds);
                    return null;

                case GatewayOpcodes.Hello:
                    // Task.Delay refuses intervals past int.MaxValue ms, and zero would beat without pause.
                    if (data.ValueKind != JsonValueKind.Object
                        || !data.TryGetProperty("heartbeat_interval", out var interval)
                        || interval.ValueKind != JsonValueKind.Number
                        || !interval.TryGetDouble(out var intervalMs)
                        || intervalMs is not (>= 1 and <= int.MaxValue))
                    {
                        return this.BadFrame("Hello without a usable heartbeat_interval");
                    }

                    await this.OnHelloAsync(intervalMs).ConfigureAwait(false);
                    return null;

                case GatewayOpcodes.Reconnect:
                    this.client.LogReconnectRequested();
                    return new SessionEnd("op 7 Reconnect", "reconnect-requested", Wait: ReconnectWait.Immediate);

                case GatewayOpcodes.InvalidSession:
                    var resumable = data.ValueKind == JsonValueKind.True;
                    this.client.LogInvalidSession(resumable);
                    return resumable
                        ? new SessionEnd("op 9 Invalid Session (resumable)", "invalid-session")
                        : new SessionEnd("op 9 Invalid Session", "invalid-session", ClearSession: true, Wait: ReconnectWait.InvalidSession);

                default:
                    // Discord may add opcodes; one this client does not know changes no state it keeps, so dropping
                    // a healthy session over it would cost more than it protects.
                    this.client.LogUnknownOpcode(op);
                    return null;
            }
        }

        private async Task OnHelloAsync(double intervalMs)
        {
            this.helloReceived = true;

            // A stale "unacked" flag from before this Hello would declare the fresh connection a zombie.
            this.heartbeatAcked = true;
            if (this.heartbeatLifetime is not null)
            {
                await this.heartbeatLifetime.CancelAsync().ConfigureAwait(false);
                this.heartbeatLifetime.Dispose();
            }

            this.heartbeatLifetime = CancellationTokenSource.CreateLinkedTokenSource(this.lifetime.Token);
            this.background.Add(this.HeartbeatLoopAsync(TimeSpan.FromMilliseconds(intervalMs), this.heartbeatLifetime.Token));

            var token = this.client.options.Token!;
            if (this.resume && this.session.SessionId is { } sessionId)
            {
                this.client.LogResuming(sessionId, this.session.Sequence);
                await this.SendAsync(GatewayOpcodes.Resume, new ResumeData(token, sessionId, this.session.Sequence), this.lifetime.Token).ConfigureAwait(false);
                this.StartDeadline(this.ReadyTimeout, () => this.ready, "RESUMED");
            }
            else
            {
                // A new session numbers its dispatches from 1 again.
                this.session.Clear();

                // Heartbeats go on while the shard waits for its bucket's turn, which ends once the identify is sent.
                using (this.session.Pacer is { } pacer && this.session.Shard is { } shard
                    ? await pacer.WaitTurnAsync(shard.Id, this.lifetime.Token).ConfigureAwait(false)
                    : null)
                {
                    this.session.Identifies++;
                    this.client.LogIdentifying(this.client.options.Intents, this.session.Identifies);
                    var identify = new IdentifyData(token, this.client.options.Intents, new IdentifyProperties("linux", "askbot", "askbot"))
                    {
                        Shard = this.session.Shard is { } identity ? [identity.Id, identity.Count] : null,
                    };
                    await this.SendAsync(GatewayOpcodes.Identify, identify, this.lifetime.Token).ConfigureAwait(false);
                }

                this.StartDeadline(this.ReadyTimeout, () => this.ready, "READY");
            }
        }

        private async Task OnDispatchAsync(string name, long sequence, JsonElement data)
        {
            if (this.session.Sequence is long last && sequence <= last)
            {
                // A replay after resume can repeat what this session already delivered.
                return;
            }

            // READY is read before the sequence moves on, so an unreadable one is not skipped by the resume that follows.
            DiscordReady? readyPayload = null;
            if (name == "READY")
            {
                readyPayload = data.Deserialize<DiscordReady>(DiscordJson.Options);
                if (readyPayload is not { SessionId: not null, User.Id: not null, Application.Id: not null })
                {
                    throw new JsonException("READY without session_id, user or application");
                }
            }

            this.session.Sequence = sequence;

            if (this.resume && !this.ready)
            {
                this.replayed++;
            }

            switch (name)
            {
                case "READY" when readyPayload is not null:
                    this.session.SessionId = readyPayload.SessionId;
                    this.session.ResumeUri = BuildGatewayUri(readyPayload.ResumeGatewayUrl);
                    this.ready = true;
                    this.client.LogReady(readyPayload.User.Id, readyPayload.Application.Id, readyPayload.SessionId);
                    await this.events.WriteAsync(new ReadyEvent(readyPayload), this.lifetime.Token).ConfigureAwait(false);
                    break;

                case "RESUMED":
                    this.ready = true;
                    this.client.LogResumed(this.session.SessionId, this.replayed - 1);
                    break;

                case "MESSAGE_CREATE":
                    if (this.Read<DiscordMessage>(name, data) is { } message)
                    {
                        await this.events.WriteAsync(new MessageCreatedEvent(message), this.lifetime.Token).ConfigureAwait(false);
                    }

                    break;

                case "INTERACTION_CREATE":
                    if (this.Read<DiscordInteraction>(name, data) is { } interaction)
                    {
                        await this.events.WriteAsync(new InteractionCreatedEvent(interaction), this.lifetime.Token).ConfigureAwait(false);
                    }

                    break;

                default:
                    break;
            }
        }

        private T? Read<T>(string name, JsonElement data)
            where T : class
        {
            try
            {
                return data.Deserialize<T>(DiscordJson.Options);
            }
            catch (JsonException ex)
            {
                // One odd event must not cost the connection.
                this.client.LogUnreadableDispatch(name, ex.Message);
                return null;
            }
        }

        private async Task HeartbeatLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            try
            {
                // Jitter the first beat so clients reconnecting together do not beat together.
                await Task.Delay(interval * this.client.random.NextDouble(), this.client.time, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    if (!this.heartbeatAcked)
                    {
                        this.client.LogZombie();
                        this.stop.TrySetResult(new SessionEnd("no heartbeat ACK", "zombie"));
                        return;
                    }

                    await this.SendHeartbeatAsync(expectAck: true, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(interval, this.client.time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The connection is over.
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                this.stop.TrySetResult(new SessionEnd("heartbeat failed", "heartbeat-failed"));
            }
        }

        private Task SendHeartbeatAsync(bool expectAck) => this.SendHeartbeatAsync(expectAck, this.lifetime.Token);

        private async Task SendHeartbeatAsync(bool expectAck, CancellationToken cancellationToken)
        {
            // A beat requested by Discord (op 1) is answered but not tracked, so its ACK racing a scheduled beat
            // cannot make a healthy connection look like a zombie.
            if (expectAck)
            {
                this.heartbeatAcked = false;
                Interlocked.Exchange(ref this.heartbeatSentAt, this.client.time.GetTimestamp());
            }

            await this.SendAsync(GatewayOpcodes.Heartbeat, this.session.Sequence, cancellationToken).ConfigureAwait(false);
        }

        private async Task SendAsync(int op, object? data, CancellationToken cancellationToken)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new GatewayPayload(op, data), DiscordJson.Options);
            if (bytes.Length > DiscordLimits.GatewayPayloadBytes)
            {
                throw new InvalidOperationException(
                    $"A gateway payload (op {op}) is {bytes.Length} bytes; Discord closes the connection above {DiscordLimits.GatewayPayloadBytes}.");
            }

            await this.sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await this.socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                this.sendLock.Release();
            }
        }

        private void StartDeadline(TimeSpan timeout, Func<bool> satisfied, string expected)
        {
            this.background.Add(WatchAsync());

            async Task WatchAsync()
            {
                try
                {
                    await Task.Delay(timeout, this.client.time, this.lifetime.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (!satisfied())
                {
                    this.client.LogDeadlineMissed(expected, timeout.TotalSeconds);
                    this.stop.TrySetResult(new SessionEnd("no " + expected, "timeout"));
                }
            }
        }
    }
}
