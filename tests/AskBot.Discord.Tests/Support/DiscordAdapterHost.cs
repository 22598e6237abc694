using AskBot.Core.Hosting;
using AskBot.Discord.Bot;
using AskBot.Discord.Hosting;
using AskBot.Discord.Tests.Fakes;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Support;

/// <summary>
/// The whole adapter as <c>AddAskBotDiscord</c> wires it (real REST and gateway clients, the bot, SQLite feedback, the
/// hosted service) over the real offline pipeline on the repository's seeds, talking to a fake Discord on 127.0.0.1.
/// Reconnect delays are tiny so fault tests stay fast.
/// </summary>
public sealed class DiscordAdapterHost : IAsyncDisposable
{
    /// <summary>Longest wait for one step of a test.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly string workDir;
    private bool stopped;

    private DiscordAdapterHost(string workDir, FakeDiscordRestServer rest, FakeGatewayServer gateway, IHost host, ILogger<DiscordBot>? botLogger)
    {
        this.workDir = workDir;
        this.Rest = rest;
        this.Gateway = gateway;
        this.Host = host;
        this.BotLogger = botLogger;
    }

    public FakeDiscordRestServer Rest { get; }

    public FakeGatewayServer Gateway { get; }

    public IHost Host { get; }

    public IServiceProvider Services => this.Host.Services;

    public DiscordBot Bot => this.Services.GetRequiredService<DiscordBot>();

    /// <summary>The bot's logger when one was given to <see cref="StartAsync"/>.</summary>
    public ILogger<DiscordBot>? BotLogger { get; }

    /// <summary>
    /// Starts the fakes and the host, and waits until the bot is ready (commands registered).
    /// <paramref name="indexCachePath"/> should hold a built index of the seeds (the tests pass <c>SeedsFixture.IndexCachePath</c>),
    /// so that hosts don't each build it; <paramref name="settings"/> are <c>AskBot:Discord:*</c> values applied over the defaults.
    /// </summary>
    public static async Task<DiscordAdapterHost> StartAsync(
        string indexCachePath,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<FakeGatewayServer>? configureGateway = null,
        ILogger<DiscordBot>? botLogger = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var workDir = Path.Combine(Path.GetTempPath(), "askbot-discord-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        var gateway = await FakeGatewayServer.StartAsync();
        configureGateway?.Invoke(gateway);
        var rest = await FakeDiscordRestServer.StartAsync();
        rest.GatewayUrl = gateway.Url.ToString();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = indexCachePath,
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Discord:Token"] = rest.ExpectedToken,
            ["AskBot:Discord:ApiBaseUrl"] = rest.BaseUri.ToString(),
            ["AskBot:Discord:FeedbackDb"] = Path.Combine(workDir, "feedback.db"),
            ["AskBot:Discord:InitialReconnectDelaySeconds"] = "0.01",
            ["AskBot:Discord:MaxReconnectDelaySeconds"] = "0.05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values["AskBot:Discord:" + key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddLogging(logging ?? (_ => { }));
        builder.Services.AddMetrics();
        builder.Services.AddAskBotCore(builder.Configuration).AddAskBotOnnxEmbeddings().AddAskBotDiscord(builder.Configuration);
        if (botLogger is not null)
        {
            builder.Services.AddSingleton(botLogger);
        }

        var host = builder.Build();
        var started = new DiscordAdapterHost(workDir, rest, gateway, host, botLogger);
        try
        {
            await host.StartAsync();
            await rest.WaitForRequestAsync("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands", StepTimeout);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }

        return started;
    }

    /// <summary>Stops the host: answers in progress finish (within the grace period) before this returns.</summary>
    public async Task StopAsync()
    {
        if (this.stopped)
        {
            return;
        }

        this.stopped = true;
        await this.Host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await this.StopAsync();
        this.Host.Dispose();
        await this.Gateway.DisposeAsync();
        await this.Rest.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(this.workDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder only costs disk space.
        }
    }
}
