using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Fakes;

/// <summary>
/// Discord's REST v10 on <c>http://127.0.0.1:PORT/api/v10</c>: records every request and answers with scripted
/// responses (<see cref="Enqueue(string, string, FakeDiscordRestResponse)"/>, then <see cref="SetResponse"/>) or
/// with Discord-like defaults. Bot routes answer 401 unless <c>Authorization</c> is <c>Bot {ExpectedToken}</c>.
/// </summary>
public sealed class FakeDiscordRestServer : IAsyncDisposable
{
    /// <summary>Path prefix of every Discord route.</summary>
    public const string ApiPrefix = "/api/v10";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<FakeDiscordRestRequest> requests = [];
    private readonly List<Waiter> waiters = [];
    private readonly Dictionary<string, Queue<FakeDiscordRestResponse>> queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeDiscordRestResponse> fixedResponses = new(StringComparer.Ordinal);
    private long lastSnowflake = 1_250_000_000_000_000_000;
    private Uri? baseUri;

    private FakeDiscordRestServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        this.app = builder.Build();
        this.app.Run(this.HandleAsync);
    }

    /// <summary><c>http://127.0.0.1:PORT/api/v10</c>; use it as <c>DiscordOptions.ApiBaseUrl</c>.</summary>
    public Uri BaseUri => this.baseUri ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The token bot routes accept (<c>Authorization: Bot {ExpectedToken}</c>).</summary>
    public string ExpectedToken { get; set; } = "test-token";

    /// <summary>The <c>url</c> that <c>GET /gateway/bot</c> returns.</summary>
    public string GatewayUrl { get; set; } = "ws://127.0.0.1:1";

    /// <summary>The <c>shards</c> that <c>GET /gateway/bot</c> recommends.</summary>
    public int GatewayShards { get; set; } = 1;

    /// <summary>The <c>session_start_limit.max_concurrency</c> that <c>GET /gateway/bot</c> returns.</summary>
    public int GatewayMaxConcurrency { get; set; } = 1;

    /// <summary>A snapshot of every request received, in arrival order.</summary>
    public IReadOnlyList<FakeDiscordRestRequest> Requests
    {
        get
        {
            lock (this.gate)
            {
                return [.. this.requests];
            }
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeDiscordRestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeDiscordRestServer();
        await server.app.StartAsync(cancellationToken);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.baseUri = new Uri(address.TrimEnd('/') + ApiPrefix);
        return server;
    }

    /// <summary>Requests with <paramref name="method"/> and <paramref name="path"/> (below <c>/api/v10</c>).</summary>
    public IReadOnlyList<FakeDiscordRestRequest> RequestsTo(string method, string path) =>
        this.Requests.Where(request => request.Is(method, path)).ToList();

    /// <summary>Answers the next request to <paramref name="method"/> <paramref name="path"/> with <paramref name="response"/> (queued in order; before any <see cref="SetResponse"/>).</summary>
    public void Enqueue(string method, string path, FakeDiscordRestResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var key = Key(method, path);
        lock (this.gate)
        {
            if (!this.queued.TryGetValue(key, out var queue))
            {
                queue = new Queue<FakeDiscordRestResponse>();
                this.queued[key] = queue;
            }

            queue.Enqueue(response);
        }
    }

    /// <summary>Shorthand for <see cref="Enqueue(string, string, FakeDiscordRestResponse)"/>.</summary>
    public void Enqueue(string method, string path, int status, string? body = null, IReadOnlyDictionary<string, string>? headers = null) =>
        this.Enqueue(method, path, new FakeDiscordRestResponse(status, body, headers));

    /// <summary>Answers every request to <paramref name="method"/> <paramref name="path"/> with <paramref name="response"/> once the queue is empty; null restores the default.</summary>
    public void SetResponse(string method, string path, FakeDiscordRestResponse? response)
    {
        var key = Key(method, path);
        lock (this.gate)
        {
            if (response is null)
            {
                this.fixedResponses.Remove(key);
            }
            else
            {
                this.fixedResponses[key] = response;
            }
        }
    }

    /// <summary>The first request (already received or still to come) that matches; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<FakeDiscordRestRequest> WaitForRequestAsync(Func<FakeDiscordRestRequest, bool> match, TimeSpan timeout)
    {
        var found = await this.WaitForRequestsAsync(match, 1, timeout);
        return found[0];
    }

    /// <summary>The first request to <paramref name="method"/> <paramref name="path"/>.</summary>
    public Task<FakeDiscordRestRequest> WaitForRequestAsync(string method, string path, TimeSpan timeout) =>
        this.WaitForRequestAsync(request => request.Is(method, path), timeout);

    /// <summary>The first <paramref name="count"/> matching requests, once that many have arrived.</summary>
    public async Task<IReadOnlyList<FakeDiscordRestRequest>> WaitForRequestsAsync(Func<FakeDiscordRestRequest, bool> match, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Waiter waiter;
        lock (this.gate)
        {
            var already = this.requests.Where(match).Take(count).ToList();
            if (already.Count == count)
            {
                return already;
            }

            waiter = new Waiter(match, count, already);
            this.waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (this.gate)
            {
                this.waiters.Remove(waiter);
                throw new TimeoutException($"Fake Discord REST: {waiter.Found.Count} of {count} expected requests arrived within {timeout}.");
            }
        }
    }

    /// <summary>A new, unique snowflake.</summary>
    public string NextSnowflake() => Interlocked.Increment(ref this.lastSnowflake).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
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
        lock (this.gate)
        {
            foreach (var waiter in this.waiters)
            {
                waiter.Completion.TrySetException(new ObjectDisposedException(nameof(FakeDiscordRestServer)));
            }

            this.waiters.Clear();
        }
    }

    private static string Key(string method, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var relative = path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal) ? path[ApiPrefix.Length..] : path;
        return method.ToUpperInvariant() + " " + relative;
    }

    private static FakeDiscordRestResponse Json(int status, JsonNode body) => new(status, body.ToJsonString());

    private static string? StringProperty(FakeDiscordRestRequest request, string name)
    {
        try
        {
            return request.Json() is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, FakeDiscordRestResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body, Encoding.UTF8, context.RequestAborted);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var fullPath = context.Request.Path.Value ?? "/";
        var underApi = fullPath.StartsWith(ApiPrefix + "/", StringComparison.Ordinal);
        var request = new FakeDiscordRestRequest(
            context.Request.Method.ToUpperInvariant(),
            underApi ? fullPath[ApiPrefix.Length..] : fullPath,
            fullPath,
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            TimeProvider.System.GetUtcNow());
        this.Record(request);

        var response = this.TakeScripted(request) ?? (underApi ? this.Default(request) : NotFound());
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await WriteAsync(context, response);
    }

    private void Record(FakeDiscordRestRequest request)
    {
        lock (this.gate)
        {
            this.requests.Add(request);
            foreach (var waiter in this.waiters.ToList())
            {
                if (waiter.Match(request))
                {
                    waiter.Found.Add(request);
                    if (waiter.Found.Count == waiter.Count)
                    {
                        this.waiters.Remove(waiter);
                        waiter.Completion.TrySetResult(waiter.Found.ToList());
                    }
                }
            }
        }
    }

    private FakeDiscordRestResponse? TakeScripted(FakeDiscordRestRequest request)
    {
        var key = Key(request.Method, request.Path);
        lock (this.gate)
        {
            if (this.queued.TryGetValue(key, out var queue) && queue.TryDequeue(out var next))
            {
                return next;
            }

            return this.fixedResponses.GetValueOrDefault(key);
        }
    }

    private FakeDiscordRestResponse Default(FakeDiscordRestRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        switch (request.Method, segments)
        {
            case ("POST", ["interactions", _, _, "callback"]):
                return new FakeDiscordRestResponse(204);
            case ("PATCH", ["webhooks", _, _, "messages", "@original"]):
            case ("POST", ["webhooks", _, _]):
                return Json(200, new JsonObject { ["id"] = this.NextSnowflake(), ["content"] = StringProperty(request, "content") });
        }

        if (!string.Equals(request.Header("Authorization"), "Bot " + this.ExpectedToken, StringComparison.Ordinal))
        {
            return Json(401, new JsonObject { ["message"] = "401: Unauthorized", ["code"] = 0 });
        }

        switch (request.Method, segments)
        {
            case ("GET", ["gateway", "bot"]):
                return Json(200, new JsonObject
                {
                    ["url"] = this.GatewayUrl,
                    ["shards"] = this.GatewayShards,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 0, ["max_concurrency"] = this.GatewayMaxConcurrency },
                });
            case ("POST", ["channels", var channelId, "messages"]):
                return Json(200, new JsonObject
                {
                    ["id"] = this.NextSnowflake(),
                    ["channel_id"] = channelId,
                    ["type"] = 0,
                    ["content"] = StringProperty(request, "content") ?? string.Empty,
                });
            case ("POST", ["channels", _, "typing"]):
            case ("PUT", ["channels", _, "messages", _, "reactions", _, "@me"]):
                return new FakeDiscordRestResponse(204);
            case ("POST", ["channels", var parentId, "messages", var messageId, "threads"]):
                return Json(201, new JsonObject
                {
                    ["id"] = messageId,
                    ["name"] = StringProperty(request, "name") ?? string.Empty,
                    ["type"] = 11,
                    ["parent_id"] = parentId,
                });
            case ("PUT", ["applications", _, "commands"]):
            case ("PUT", ["applications", _, "guilds", _, "commands"]):
                return new FakeDiscordRestResponse(200, string.IsNullOrEmpty(request.Body) ? "[]" : request.Body);
            default:
                return NotFound();
        }
    }

    private static FakeDiscordRestResponse NotFound() =>
        Json(404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 });

    private sealed class Waiter
    {
        public Waiter(Func<FakeDiscordRestRequest, bool> match, int count, List<FakeDiscordRestRequest> found)
        {
            this.Match = match;
            this.Count = count;
            this.Found = found;
        }

        public Func<FakeDiscordRestRequest, bool> Match { get; }

        public int Count { get; }

        public List<FakeDiscordRestRequest> Found { get; }

        public TaskCompletionSource<IReadOnlyList<FakeDiscordRestRequest>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
