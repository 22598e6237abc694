using AskBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Feedback;

/// <summary>
/// Keeps the feedback store within <see cref="DiscordOptions.FeedbackRetentionDays"/>: deletes older answers and votes
/// when the bot starts and then once a day while it runs. A failed purge is logged and tried again the next day; it
/// never stops the bot.
/// </summary>
internal sealed partial class FeedbackRetentionService(
    IFeedbackStore store,
    IOptions<DiscordOptions> options,
    TimeProvider timeProvider,
    ILogger<FeedbackRetentionService> logger) : BackgroundService
{
    /// <summary>Time between two purges after the first.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>The moment before which rows are deleted, <paramref name="days"/> before <paramref name="now"/>.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, int days) => now - TimeSpan.FromDays(days);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            await this.PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.FeedbackRetentionDays;
        try
        {
            await store.PurgeAsync(Cutoff(timeProvider.GetUtcNow(), days), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            this.LogPurgeFailed(exception, days);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete feedback older than {Days} days; trying again in a day")]
    private partial void LogPurgeFailed(Exception exception, int days);
}
