using AskBot.Core.Storage;
using AskBot.Discord.Feedback;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Tests.Feedback;

public sealed class SqliteFeedbackStoreTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "askbot-feedback-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(this.folder, "nested", "feedback.db");

    [Fact]
    public void Constructor_DoesNoIo()
    {
        _ = this.NewStore();

        Assert.False(Directory.Exists(this.folder));
    }

    [Fact]
    public async Task SaveAnswerAsync_ThenReadAll_RoundTripsEveryField()
    {
        // Arrange
        var store = this.NewStore();
        var answer = Answer("a1", new DateTimeOffset(2024, 3, 25, 10, 0, 0, TimeSpan.FromHours(2)));

        // Act
        await store.SaveAnswerAsync(answer, CancellationToken.None);
        var entries = await ReadAllAsync(this.NewStore());

        // Assert
        var entry = Assert.Single(entries);
        Assert.Equal((0, 0), (entry.HelpfulVotes, entry.UnhelpfulVotes));
        var read = entry.Answer;
        Assert.Equal(
            (answer.AnswerId, answer.Question, answer.StandaloneQuestion, answer.Answer, answer.Refused, answer.GuildId, answer.ChannelId, answer.UserId),
            (read.AnswerId, read.Question, read.StandaloneQuestion, read.Answer, read.Refused, read.GuildId, read.ChannelId, read.UserId));
        Assert.Equal(answer.Citations, entry.Answer.Citations);
        Assert.Equal(answer.CreatedAt, entry.Answer.CreatedAt);
        Assert.True(File.Exists(this.DbPath));
    }

    [Fact]
    public async Task RecordVoteAsync_OneVotePerUser_SecondClickReplacesTheFirst()
    {
        // Arrange
        var store = this.NewStore();
        await store.SaveAnswerAsync(Answer("a1", DateTimeOffset.UtcNow), CancellationToken.None);
        var at = DateTimeOffset.UtcNow;

        // Act
        Assert.True(await store.RecordVoteAsync(new FeedbackVote("a1", "u1", true, at), CancellationToken.None));
        Assert.True(await store.RecordVoteAsync(new FeedbackVote("a1", "u2", true, at), CancellationToken.None));
        Assert.True(await store.RecordVoteAsync(new FeedbackVote("a1", "u2", false, at), CancellationToken.None));
        var unknown = await store.RecordVoteAsync(new FeedbackVote("nope", "u1", true, at), CancellationToken.None);

        // Assert
        Assert.False(unknown);
        var entry = Assert.Single(await ReadAllAsync(store));
        Assert.Equal((1, 1), (entry.HelpfulVotes, entry.UnhelpfulVotes));
    }

    [Fact]
    public async Task ReadAllAsync_ReturnsAnswersOldestFirst()
    {
        var store = this.NewStore();
        var t0 = new DateTimeOffset(2024, 3, 25, 10, 0, 0, TimeSpan.Zero);
        await store.SaveAnswerAsync(Answer("late", t0.AddMinutes(5)), CancellationToken.None);
        await store.SaveAnswerAsync(Answer("early", t0), CancellationToken.None);

        var entries = await ReadAllAsync(store);

        Assert.Equal(["early", "late"], entries.Select(e => e.Answer.AnswerId));
    }

    [Fact]
    public async Task Store_UsesWriteAheadLogging()
    {
        var store = this.NewStore();
        await store.SaveAnswerAsync(Answer("a1", DateTimeOffset.UtcNow), CancellationToken.None);

        using var connection = new SqliteConnection($"Data Source={this.DbPath}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(this.folder))
        {
            Directory.Delete(this.folder, recursive: true);
        }
    }

    internal static AnswerRecord Answer(string id, DateTimeOffset at, bool refused = false)
        => new(
            id,
            "How old is he?",
            "How old is Sanaullah Ghafari?",
            refused ? "The articles don't cover that." : "29 [1].\nHe is led by a 29-year-old named Sanaullah Ghafari. [1]",
            refused,
            refused ? [] : [new StoredCitation(1, "000_75d4ad7e9ff018e8", null, "is led by a 29-year-old named Sanaullah Ghafari.", 10, 58)],
            "g1",
            "t1",
            "u1",
            at);

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
}
