using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AskBot.Core.Telemetry;
using AskBot.Discord.Gateway;
using AskBot.Discord.Rest;
using AskBot.Discord.Tests.Fakes;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Discord.Tests.Gateway;

/// <summary>A <see cref="DiscordGatewayClient"/> running against a <see cref="FakeGatewayServer"/>, with tiny delays.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public const string Token = "test-token-SECRET-0123456789";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource stop = new();

    private readonly ServiceProvider metrics;

    private GatewayHarness(FakeGatewayServer server, DiscordOptions options, GatewayRandom random)
    {
        this.metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        this.MeterFactory = this.metrics.GetRequiredService<IMeterFactory>();
        this.Telemetry = new AskBotTelemetry(this.MeterFactory);
        this.Server = server;
        this.Options = options;
        this.Rest = new StubRestClient(server.GatewayBotInfo);
        this.Client = new DiscordGatewayClient(this.Rest, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, random, this.Telemetry, this.Logger);
    }

    public FakeGatewayServer Server { get; }

    public DiscordOptions Options { get; }

    public StubRestClient Rest { get; }

    public RecordingLogger<DiscordGatewayClient> Logger { get; } = new();

    /// <summary>The client's telemetry, on a meter of <see cref="MeterFactory"/> (for a MetricCollector).</summary>
    public AskBotTelemetry Telemetry { get; }

    public IMeterFactory MeterFactory { get; }

    public Channel<GatewayEvent> Events { get; } = Channel.CreateUnbounded<GatewayEvent>();

    public DiscordGatewayClient Client { get; }

    /// <summary>The running <see cref="DiscordGatewayClient.RunAsync"/>, once <see cref="Start"/> was called.</summary>
    public Task Run { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Starts the fake and the client. Defaults: 1 s heartbeats, first beat at half the interval, 10 ms first
    /// reconnect delay (50 ms cap), 10–20 ms invalid-session wait.
    /// </summary>
    public static async Task<GatewayHarness> StartAsync(
        Action<DiscordOptions>? configure = null,
        Action<FakeGatewayServer>? configureServer = null,
        GatewayRandom? random = null,
        bool start = true)
    {
        var options = new DiscordOptions
        {
            Token = Token,
            InitialReconnectDelaySeconds = 0.01,
            MaxReconnectDelaySeconds = 0.05,
            InvalidSessionMinDelaySeconds = 0.01,
            InvalidSessionMaxDelaySeconds = 0.02,
            ReadyTimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        var server = await FakeGatewayServer.StartAsync();
        configureServer?.Invoke(server);
        var harness = new GatewayHarness(server, options, random ?? new FixedGatewayRandom(0.5));
        if (start)
        {
            harness.Start();
        }

        return harness;
    }

    public void Start() => this.Run = this.Client.RunAsync(this.Events.Writer, this.stop.Token);

    /// <summary>The next event on the channel, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> NextEventAsync<T>()
        where T : GatewayEvent
    {
        var next = await this.Events.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        return Assert.IsType<T>(next);
    }

    /// <summary>Waits for READY on the first connection and returns that connection.</summary>
    public async Task<FakeGatewayConnection> ReadyAsync()
    {
        await this.NextEventAsync<ReadyEvent>();
        return await this.Server.WaitForConnectionAsync(1, Timeout);
    }

    /// <summary>Sends MESSAGE_CREATE and waits for the client to publish it; returns its sequence number.</summary>
    public async Task<long> DeliverMessageAsync(string id, string content = "hello")
    {
        var sequence = await this.Server.SendDispatchAsync("MESSAGE_CREATE", Message(id, content));
        var published = await this.NextEventAsync<MessageCreatedEvent>();
        Assert.Equal(id, published.Message.Id);
        return sequence;
    }

    public static object Message(string id, string content = "hello") => new
    {
        id,
        channel_id = "C1",
        guild_id = "G1",
        author = new { id = "U1", username = "alice" },
        content,
        type = 0,
        mentions = new[] { new { id = FakeGatewayServer.BotUserId, username = FakeGatewayServer.BotUsername, bot = true } },
    };

    public Task CancelAsync() => this.stop.CancelAsync();

    public void AssertTokenNeverLogged() =>
        Assert.DoesNotContain(this.Logger.Entries, entry => entry.Message.Contains(Token, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        try
        {
            await this.Run.WaitAsync(Timeout);
        }
        catch (Exception ex) when (ex is DiscordGatewayFatalException or DiscordRestException or TimeoutException)
        {
            // The test has already looked at how the run ended.
        }

        await this.Server.DisposeAsync();
        this.stop.Dispose();
        this.Telemetry.Dispose();
        await this.metrics.DisposeAsync();
    }
}
