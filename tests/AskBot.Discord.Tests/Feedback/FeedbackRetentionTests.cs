using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using AskBot.Core.Storage;
using AskBot.Discord.Feedback;
using AskBot.Discord.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Discord.Tests.Feedback;

/// <summary>
/// Feedback older than <c>AskBot:Discord:FeedbackRetentionDays</c> is deleted from a real SQLite file: by
/// <see cref="SqliteFeedbackStore.PurgeAsync"/> (one transaction), and by the retention service when the bot starts
/// and once a day after.
/// </summary>
public sealed class FeedbackRetentionTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "askbot-retention-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(this.folder, "feedback.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(this.folder))
        {
            Directory.Delete(this.folder, recursive: true);
        }
    }

    [Fact]
    public async Task PurgeAsync_DeletesAnswersAndVotesOlderThanTheCutoff_KeepsTheCutoffItselfAndNewer()
    {
        var store = this.NewStore();
        var cutoff = Now.AddDays(-90);
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("old", cutoff.AddTicks(-1)), CancellationToken.None);
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("boundary", cutoff), CancellationToken.None);
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("new", Now.AddDays(-1)), CancellationToken.None);
        await store.RecordVoteAsync(new FeedbackVote("old", "u1", true, cutoff.AddTicks(-1)), CancellationToken.None);
        await store.RecordVoteAsync(new FeedbackVote("old", "u2", false, Now), CancellationToken.None);
        await store.RecordVoteAsync(new FeedbackVote("new", "u1", true, Now), CancellationToken.None);

        var result = await store.PurgeAsync(cutoff, CancellationToken.None);

        Assert.Equal(new FeedbackPurgeResult(1, 2), result);
        var entries = await ReadAllAsync(store);
        Assert.Equal(["boundary", "new"], entries.Select(e => e.Answer.AnswerId));
        Assert.Equal(1, entries.Single(e => e.Answer.AnswerId == "new").HelpfulVotes);
        Assert.Equal(0, await this.CountAsync("SELECT COUNT(*) FROM votes WHERE answer_id = 'old';"));
    }

    [Fact]
    public async Task PurgeAsync_WhenADeleteFails_LeavesEveryRowInPlace()
    {
        var store = this.NewStore();
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("old", Now.AddDays(-100)), CancellationToken.None);
        await store.RecordVoteAsync(new FeedbackVote("old", "u1", true, Now.AddDays(-100)), CancellationToken.None);

        // The answers are deleted after the votes; refusing that delete must bring the votes back.
        await this.ExecuteAsync("CREATE TRIGGER keep_answers BEFORE DELETE ON answers BEGIN SELECT RAISE(ABORT, 'refused'); END;");

        await Assert.ThrowsAsync<SqliteException>(() => store.PurgeAsync(Now.AddDays(-90), CancellationToken.None));

        Assert.Equal(1, await this.CountAsync("SELECT COUNT(*) FROM answers;"));
        Assert.Equal(1, await this.CountAsync("SELECT COUNT(*) FROM votes;"));
    }

    [Fact]
    public async Task PurgeAsync_WithoutADatabase_CreatesNothing()
    {
        var result = await this.NewStore().PurgeAsync(Now, CancellationToken.None);

        Assert.Equal(new FeedbackPurgeResult(0, 0), result);
        Assert.False(File.Exists(this.DbPath));
    }

    [Fact]
    public async Task RetentionService_PurgesAtStartAndThenOnceADay()
    {
        var time = new FakeTimeProvider(Now);
        var store = new SignallingStore(this.NewStore());
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("expired", Now.AddDays(-91)), CancellationToken.None);
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("expires-in-a-day", Now.AddDays(-89)), CancellationToken.None);
        await store.SaveAnswerAsync(SqliteFeedbackStoreTests.Answer("fresh", Now), CancellationToken.None);
        using var service = new FeedbackRetentionService(
            store,
            Options.Create(new DiscordOptions { FeedbackDb = this.DbPath, FeedbackRetentionDays = 90 }),
            time,
            NullLogger<FeedbackRetentionService>.Instance);

        await service.StartAsync(CancellationToken.None);
        Assert.Equal(Now.AddDays(-90), await store.NextCutoffAsync());
        Assert.Equal(["expires-in-a-day", "fresh"], (await ReadAllAsync(store)).Select(e => e.Answer.AnswerId));

        // Just short of a day: no purge yet. At a day: the cutoff is exactly the row's time, so it stays.
        time.Advance(FeedbackRetentionService.Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(1, store.Purges);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Now.AddDays(-89), await store.NextCutoffAsync());
        Assert.Equal(2, (await ReadAllAsync(store)).Count);

        time.Advance(FeedbackRetentionService.Interval);
        Assert.Equal(Now.AddDays(-88), await store.NextCutoffAsync());
        Assert.Equal(["fresh"], (await ReadAllAsync(store)).Select(e => e.Answer.AnswerId));

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void AddAskBotDiscord_RegistersTheRetentionService()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddAskBotDiscord(configuration);

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(FeedbackRetentionService));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3650, true)]
    [InlineData(3651, false)]
    public void FeedbackRetentionDays_IsValidFromOneDayToTenYears(int days, bool valid)
    {
        var options = new DiscordOptions { FeedbackRetentionDays = days };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public void FeedbackRetentionDays_DefaultsToNinety() => Assert.Equal(90, new DiscordOptions().FeedbackRetentionDays);

    private static async Task<List<FeedbackEntry>> ReadAllAsync(IFeedbackStore store)
    {
        var entries = new List<FeedbackEntry>();
        await foreach (var entry in store.ReadAllAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private SqliteFeedbackStore NewStore()
        => new(Options.Create(new DiscordOptions { FeedbackDb = this.DbPath }), NullLogger<SqliteFeedbackStore>.Instance);

    private async Task ExecuteAsync(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={this.DbPath}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={this.DbPath}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The real store, telling the test the cutoff of each purge once it has finished.</summary>
    private sealed class SignallingStore(IFeedbackStore inner) : IFeedbackStore
    {
        private readonly Channel<DateTimeOffset> cutoffs = Channel.CreateUnbounded<DateTimeOffset>();

        public int Purges { get; private set; }

        public async Task<DateTimeOffset> NextCutoffAsync()
        {
            using var limit = new CancellationTokenSource(WaitLimit);
            return await this.cutoffs.Reader.ReadAsync(limit.Token);
        }

        public Task SaveAnswerAsync(AnswerRecord answer, CancellationToken cancellationToken) => inner.SaveAnswerAsync(answer, cancellationToken);

        public Task<bool> RecordVoteAsync(FeedbackVote vote, CancellationToken cancellationToken) => inner.RecordVoteAsync(vote, cancellationToken);

        public IAsyncEnumerable<FeedbackEntry> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public async Task<FeedbackPurgeResult> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
        {
            var result = await inner.PurgeAsync(cutoff, cancellationToken);
            this.Purges++;
            this.cutoffs.Writer.TryWrite(cutoff);
            return result;
        }
    }
}
