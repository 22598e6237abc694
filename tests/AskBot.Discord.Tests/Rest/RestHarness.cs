using System.Diagnostics.Metrics;
using AskBot.Core.Telemetry;
using AskBot.Discord.Rest;
using AskBot.Discord.Tests.Fakes;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Tests.Rest;

/// <summary>A <see cref="FakeDiscordRestServer"/> and the real clients that talk to it over loopback HTTP.</summary>
internal sealed class RestHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<HttpClient> httpClients = [];

    private readonly ServiceProvider metrics;

    private RestHarness(FakeDiscordRestServer server)
    {
        this.Server = server;
        this.metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        this.MeterFactory = this.metrics.GetRequiredService<IMeterFactory>();
        this.Telemetry = new AskBotTelemetry(this.MeterFactory);
    }

    public FakeDiscordRestServer Server { get; }

    public RecordingLogger<DiscordRestClient> Logger { get; } = new();

    /// <summary>Telemetry of every client made here, on a meter of <see cref="MeterFactory"/> (for a MetricCollector).</summary>
    public AskBotTelemetry Telemetry { get; }

    public IMeterFactory MeterFactory { get; }

    public static async Task<RestHarness> StartAsync() => new(await FakeDiscordRestServer.StartAsync());

    /// <summary>A client with the fake's base URL and token, tiny retry backoff, and <paramref name="configure"/> applied.</summary>
    public DiscordRestClient CreateClient(Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions { Token = this.Server.ExpectedToken, ApiBaseUrl = this.Server.BaseUri, MaxRetries = 3 };
        configure?.Invoke(options);
        var httpClient = new HttpClient();
        this.httpClients.Add(httpClient);
        return new DiscordRestClient(httpClient, Options.Create(options), TimeProvider.System, this.Telemetry, this.Logger)
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
    }

    public async ValueTask DisposeAsync()
    {
        this.Telemetry.Dispose();
        await this.metrics.DisposeAsync();
        foreach (var httpClient in this.httpClients)
        {
            httpClient.Dispose();
        }

        await this.Server.DisposeAsync();
    }
}
