using AskBot.Discord.Tests.Fakes;

namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>
/// A fake Discord (REST API and gateway on loopback ports) and the real <c>askbot discord</c> process pointed at it
/// through <c>AskBot__Discord__*</c> environment variables. Each harness has its own folder in the workspace for the
/// feedback database, so tests sharing an indexed workspace never see each other's votes. Disposing kills the bot if
/// it still runs and stops the fakes.
/// </summary>
public sealed class DiscordBotHarness : IAsyncDisposable
{
    /// <summary>The token the fake REST API accepts and the bot is given by default.</summary>
    public const string Token = "test-token";

    /// <summary>Longest wait for one step (a request, a frame, an exit); a step normally takes well under a second.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    private readonly TestWorkspace workspace;

    private DiscordBotHarness(TestWorkspace workspace, FakeDiscordRestServer rest, FakeGatewayServer gateway, string folder)
    {
        this.workspace = workspace;
        this.Rest = rest;
        this.Gateway = gateway;
        this.Folder = folder;
    }

    public FakeDiscordRestServer Rest { get; }

    public FakeGatewayServer Gateway { get; }

    /// <summary>This harness's own folder inside the workspace (feedback database, exports, a home without user secrets).</summary>
    public string Folder { get; }

    /// <summary><c>AskBot:Discord:FeedbackDb</c> of the bot and of <c>askbot feedback export</c>.</summary>
    public string FeedbackDb => Path.Combine(this.Folder, "fb.db");

    /// <summary>The running (or exited) bot, once <see cref="StartBot"/> was called.</summary>
    public CliProcess? Bot { get; private set; }

    /// <summary>Starts the fakes; the REST API's <c>GET /gateway/bot</c> points at the fake gateway.</summary>
    public static async Task<DiscordBotHarness> StartAsync(TestWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var folder = Path.Combine(workspace.Root, "discord-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "home"));
        var rest = await FakeDiscordRestServer.StartAsync().WaitAsync(StepTimeout);
        try
        {
            var gateway = await FakeGatewayServer.StartAsync().WaitAsync(StepTimeout);
            rest.GatewayUrl = gateway.Url.ToString();
            return new DiscordBotHarness(workspace, rest, gateway, folder);
        }
        catch
        {
            await rest.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The environment of every <c>askbot</c> run of this harness: the fake Discord, this harness's feedback database,
    /// and a <c>HOME</c> without user secrets, so a developer's real token can never override <paramref name="token"/>.
    /// A null <paramref name="token"/> leaves the token unset.
    /// </summary>
    public Dictionary<string, string> Environment(string? token = Token)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Combine(this.Folder, "home"),
            ["AskBot__Discord__ApiBaseUrl"] = this.Rest.BaseUri.ToString(),
            ["AskBot__Discord__FeedbackDb"] = this.FeedbackDb,
            ["AskBot__Discord__RequestTimeoutSeconds"] = "10",
            ["AskBot__Discord__InitialReconnectDelaySeconds"] = "0.05",
            ["AskBot__Discord__MaxReconnectDelaySeconds"] = "0.2",
        };
        if (token is not null)
        {
            environment["AskBot__Discord__Token"] = token;
        }

        return environment;
    }

    /// <summary>Starts <c>askbot discord</c> in the workspace with <see cref="Environment"/> plus <paramref name="extra"/>.</summary>
    public CliProcess StartBot(string? token = Token, IReadOnlyDictionary<string, string>? extra = null)
    {
        Assert.Null(this.Bot);
        var environment = this.Environment(token);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        this.Bot = CliProcess.Start(this.workspace.Root, ["discord"], environment);
        return this.Bot;
    }

    /// <summary>
    /// Starts the bot and waits until it has handled READY: the fake sent READY on the first connection and the bot
    /// registered <c>/ask</c>, which it does only after taking its own user id from READY.
    /// </summary>
    public async Task<CliProcess> StartReadyBotAsync()
    {
        var bot = this.StartBot(extra: new Dictionary<string, string>
        {
            // Shown only in failure messages: what the bot did, step by step.
            ["Logging__LogLevel__AskBot.Discord"] = "Information",
        });
        await this.WaitForAsync(
            () => this.Rest.WaitForRequestAsync("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands", StepTimeout),
            "the bot never registered /ask after READY");

        // The fake marks the connection ready just after sending READY, which can trail the bot's reaction by a moment.
        var deadline = DateTime.UtcNow + StepTimeout;
        while (this.Gateway.Current is not { IsReady: true })
        {
            Assert.True(DateTime.UtcNow < deadline, "the gateway connection never became ready\n" + this.Describe());
            await Task.Delay(20);
        }

        return bot;
    }

    /// <summary>Runs <paramref name="step"/>; on a timeout, fails with the bot's output and what the fakes saw.</summary>
    public async Task<T> WaitForAsync<T>(Func<Task<T>> step, string failure)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return await step();
        }
        catch (TimeoutException timeout)
        {
            Assert.Fail($"{failure}: {timeout.Message}\n{this.Describe()}");
            throw;
        }
    }

    /// <summary>The bot's output so far and every request and frame the fakes recorded, for failure messages.</summary>
    public string Describe()
    {
        var requests = string.Join("\n", this.Rest.Requests.Select(r => $"  {r.Method} {r.Path} {Shorten(r.Body)}"));
        var frames = string.Join("\n", this.Gateway.Frames.Select(f => $"  #{f.Connection} op {f.Op}"));
        var bot = this.Bot is null
            ? "(not started)"
            : $"exited: {this.Bot.HasExited}\n--- stdout ---\n{this.Bot.StdOut}\n--- stderr ---\n{this.Bot.StdErr}";
        return $"--- bot ---\n{bot}\n--- REST requests ---\n{requests}\n--- gateway frames ---\n{frames}";
    }

    /// <summary>Sends SIGTERM and waits for the bot to exit.</summary>
    public async Task<CliResult> TerminateBotAsync()
    {
        var bot = this.Bot ?? throw new InvalidOperationException("The bot was not started.");
        await bot.TerminateAsync().WaitAsync(StepTimeout);
        return await bot.WaitForExitAsync(StepTimeout);
    }

    /// <summary>Runs another <c>askbot</c> command with this harness's environment (same feedback database, no token).</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        CliProcess.RunAsync(this.workspace.Root, args, this.Environment(token: null), timeout: StepTimeout * 2);

    public async ValueTask DisposeAsync()
    {
        this.Bot?.Dispose();
        await this.Gateway.DisposeAsync();
        await this.Rest.DisposeAsync();
        try
        {
            Directory.Delete(this.Folder, recursive: true);
        }
        catch (IOException)
        {
            // The workspace is deleted as a whole later.
        }
    }

    private static string Shorten(string body)
    {
        var oneLine = body.ReplaceLineEndings(" ");
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + "…";
    }
}
