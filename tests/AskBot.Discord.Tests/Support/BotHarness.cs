using System.Diagnostics.Metrics;
using AskBot.Core.Answering;
using AskBot.Core.Storage;
using AskBot.Core.Telemetry;
using AskBot.Discord.Bot;
using AskBot.Discord.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Tests.Support;

/// <summary>A <see cref="DiscordBot"/> over a <see cref="RecordingRestClient"/> and a real SQLite feedback store in a temp folder.</summary>
public sealed class BotHarness : IDisposable
{
    private readonly ServiceProvider metrics;

    public BotHarness(IAskService ask, Action<DiscordOptions>? configure = null, ILogger<DiscordBot>? logger = null)
    {
        this.metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        this.MeterFactory = this.metrics.GetRequiredService<IMeterFactory>();
        this.Telemetry = new AskBotTelemetry(this.MeterFactory);
        this.Folder = Path.Combine(Path.GetTempPath(), "askbot-bot-" + Guid.NewGuid().ToString("N"));
        this.Options = new DiscordOptions { FeedbackDb = Path.Combine(this.Folder, "feedback.db") };
        configure?.Invoke(this.Options);
        this.Store = new SqliteFeedbackStore(Microsoft.Extensions.Options.Options.Create(this.Options), NullLogger<SqliteFeedbackStore>.Instance);
        this.Bot = new DiscordBot(this.Rest, ask, this.Store, Microsoft.Extensions.Options.Options.Create(this.Options), TimeProvider.System, this.Telemetry, logger ?? NullLogger<DiscordBot>.Instance);
    }

    public string Folder { get; }

    public DiscordOptions Options { get; }

    public RecordingRestClient Rest { get; } = new();

    /// <summary>The bot's telemetry, on a meter of <see cref="MeterFactory"/> (for a MetricCollector).</summary>
    public AskBotTelemetry Telemetry { get; }

    public IMeterFactory MeterFactory { get; }

    public SqliteFeedbackStore Store { get; }

    public DiscordBot Bot { get; }

    public IOptions<DiscordOptions> WrappedOptions => Microsoft.Extensions.Options.Options.Create(this.Options);

    public async Task<List<FeedbackEntry>> StoredAsync()
    {
        var entries = new List<FeedbackEntry>();
        await foreach (var entry in this.Store.ReadAllAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public void Dispose()
    {
        this.Bot.Dispose();
        this.Telemetry.Dispose();
        this.metrics.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(this.Folder))
        {
            Directory.Delete(this.Folder, recursive: true);
        }
    }
}
