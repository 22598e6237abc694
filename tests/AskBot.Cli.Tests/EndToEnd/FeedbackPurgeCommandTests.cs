using AskBot.Cli.Tests.Infrastructure;
using AskBot.Core.Storage;
using AskBot.Discord;
using AskBot.Discord.Feedback;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot feedback purge</c> against a real feedback database: what it deletes, what it prints, how it refuses bad input.</summary>
public sealed class FeedbackPurgeCommandTests : IDisposable
{
    private readonly TestWorkspace workspace = TestWorkspace.Create("000_75d4ad7e9ff018e8");

    // The default AskBot:Discord:FeedbackDb, relative to the working directory.
    private string Database => Path.Combine(this.workspace.Root, ".askbot", "feedback.db");

    [Fact]
    public async Task Purge_without_flags_deletes_what_is_older_than_the_retention_setting_and_prints_one_line()
    {
        var now = DateTimeOffset.UtcNow;
        await this.SeedAsync(("old", now.AddDays(-40)), ("recent", now.AddDays(-20)));

        var result = await this.workspace.RunAsync(
            ["feedback", "purge"],
            new Dictionary<string, string> { ["AskBot__Discord__FeedbackRetentionDays"] = "30" });

        result.AssertExitCode(0).AssertNoStackTrace();
        var line = Assert.Single(result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Removed 1 answer(s) and 1 vote(s) older than 30 day(s)", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdErr);
        Assert.Equal(["recent"], await this.AnswerIdsAsync());
    }

    [Fact]
    public async Task Purge_older_than_days_overrides_the_setting_and_all_deletes_everything()
    {
        var now = DateTimeOffset.UtcNow;
        await this.SeedAsync(("old", now.AddDays(-40)), ("recent", now.AddDays(-20)), ("today", now));

        var olderThan = await this.workspace.RunAsync("feedback", "purge", "--older-than-days", "10");

        olderThan.AssertExitCode(0).AssertNoStackTrace();
        Assert.StartsWith("Removed 2 answer(s) and 2 vote(s) older than 10 day(s)", olderThan.StdOut, StringComparison.Ordinal);
        Assert.Equal(["today"], await this.AnswerIdsAsync());

        var all = await this.workspace.RunAsync("feedback", "purge", "--all");

        all.AssertExitCode(0).AssertNoStackTrace();
        Assert.StartsWith("Removed 1 answer(s) and 1 vote(s) (all)", all.StdOut, StringComparison.Ordinal);
        Assert.Empty(await this.AnswerIdsAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3651")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public async Task Purge_with_a_bad_day_count_exits_2_with_one_line_and_deletes_nothing(string days)
    {
        await this.SeedAsync(("old", DateTimeOffset.UtcNow.AddDays(-4000)));

        var result = await this.workspace.RunAsync("feedback", "purge", "--older-than-days", days);

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--older-than-days", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
        Assert.Equal(["old"], await this.AnswerIdsAsync());
    }

    [Fact]
    public async Task Purge_without_a_database_exits_2_with_one_line_and_creates_none()
    {
        var result = await this.workspace.RunAsync("feedback", "purge");

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("AskBot:Discord:FeedbackDb", line, StringComparison.Ordinal);
        Assert.False(File.Exists(this.Database), "the missing database must not be created");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        this.workspace.Dispose();
    }

    /// <summary>One answer per (id, time), each with one vote cast at the same time.</summary>
    private async Task SeedAsync(params (string Id, DateTimeOffset At)[] answers)
    {
        var store = this.NewStore();
        foreach (var (id, at) in answers)
        {
            await store.SaveAnswerAsync(
                new AnswerRecord(id, "Who leads it?", "Who leads it?", "Its leader. [1]", false, [], "g1", "c1", "u1", at),
                CancellationToken.None);
            await store.RecordVoteAsync(new FeedbackVote(id, "u2", true, at), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
    }

    private async Task<List<string>> AnswerIdsAsync()
    {
        var ids = new List<string>();
        await foreach (var entry in this.NewStore().ReadAllAsync(CancellationToken.None))
        {
            ids.Add(entry.Answer.AnswerId);
        }

        SqliteConnection.ClearAllPools();
        return ids;
    }

    private SqliteFeedbackStore NewStore() =>
        new(Options.Create(new DiscordOptions { FeedbackDb = this.Database }), NullLogger<SqliteFeedbackStore>.Instance);
}
