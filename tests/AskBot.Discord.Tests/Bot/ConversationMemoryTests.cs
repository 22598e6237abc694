using System.ComponentModel.DataAnnotations;
using AskBot.Core.Answering;
using AskBot.Core.Conversation;
using AskBot.Core.Telemetry;
using AskBot.Discord.Bot;
using AskBot.Discord.Feedback;
using AskBot.Discord.Gateway;
using AskBot.Discord.Models;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Discord.Tests.Bot;

/// <summary>
/// Whose memory a follow-up is read against, over the real offline pipeline: "How old is he?" after "Who leads
/// ISIS-K?" is rewritten to name Sanaullah Ghafari only when it continues that same conversation.
/// </summary>
[Collection(SeedsCollection.Name)]
public sealed class ConversationMemoryTests(SeedsFixture seeds)
{
    private const string Question = "Who leads ISIS-K?";
    private const string FollowUp = "How old is he?";
    private const string Leader = "Ghafari";
    private const string OtherUserId = "u2";

    private static readonly DiscordUser OtherUser = new(OtherUserId, "other reader");

    [Fact]
    public async Task HandleAsync_TwoUsersMentionInOneChannel_FollowUpIsNotReadAgainstTheOtherUsersQuestion()
    {
        // Arrange: answers posted in the channel, so both users talk to the bot in the same place.
        using var harness = new MemoryHarness(seeds.Ask, o => o.AnswerInThreads = false);
        await harness.ReadyAsync();
        await harness.MessageAsync(DiscordEvents.GuildMessage("m1", Question));

        // Act
        await harness.MessageAsync(DiscordEvents.GuildMessage("m2", FollowUp, author: OtherUser));
        await harness.MessageAsync(DiscordEvents.GuildMessage("m3", FollowUp));

        // Assert: B's question reaches the pipeline alone; A's own follow-up still continues A's conversation.
        var asked = harness.Ask.Asked;
        Assert.Equal(3, asked.Count);
        Assert.Equal((FollowUp, 0), (asked[1].Standalone, asked[1].HistoryTurns));
        Assert.Equal(1, asked[2].HistoryTurns);
        Assert.Contains(Leader, asked[2].Standalone, StringComparison.Ordinal);
        Assert.All(harness.Rest.Of(RestOperations.CreateMessage), m => Assert.Equal(DiscordEvents.ChannelId, m.Target));
    }

    [Fact]
    public async Task HandleAsync_TwoUsersAskCommandInOneChannel_FollowUpIsNotReadAgainstTheOtherUsersQuestion()
    {
        // Arrange
        using var harness = new MemoryHarness(seeds.Ask);
        await harness.InteractionAsync(DiscordEvents.AskCommand("i1", Question));

        // Act
        await harness.InteractionAsync(DiscordEvents.AskCommand("i2", FollowUp, userId: OtherUserId));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i3", FollowUp));

        // Assert
        var asked = harness.Ask.Asked;
        Assert.Equal((FollowUp, 0), (asked[1].Standalone, asked[1].HistoryTurns));
        Assert.Contains(Leader, asked[2].Standalone, StringComparison.Ordinal);
        Assert.Equal(3, harness.Rest.Of(RestOperations.EditOriginal).Count);
    }

    [Fact]
    public async Task HandleAsync_FollowUpsInTheBotsThread_ContinueTheThreadsConversationForEveryParticipant()
    {
        // Arrange: a channel mention starts thread "m1".
        using var harness = new MemoryHarness(seeds.Ask);
        await harness.ReadyAsync();
        await harness.MessageAsync(DiscordEvents.GuildMessage("m1", Question));

        // Act: the asker continues, then another participant, by message and by /ask.
        await harness.MessageAsync(ThreadMessage("m2", FollowUp));
        await harness.MessageAsync(ThreadMessage("m3", "Where was he born?", OtherUser));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i1", FollowUp, channelId: "m1", userId: OtherUserId));

        // Assert
        var asked = harness.Ask.Asked;
        Assert.Equal(4, asked.Count);
        Assert.Equal([0, 1, 2, 3], asked.Select(a => a.HistoryTurns));
        Assert.Contains(Leader, asked[1].Standalone, StringComparison.Ordinal);
        Assert.Contains(Leader, asked[3].Standalone, StringComparison.Ordinal);
        Assert.Single(harness.Rest.Of(RestOperations.StartThread));
    }

    [Fact]
    public async Task HandleAsync_FollowUpAfterTheTimeToLive_IsAFreshQuestion()
    {
        // Arrange
        using var harness = new MemoryHarness(seeds.Ask, o => o.ConversationTtlMinutes = 60);
        await harness.InteractionAsync(DiscordEvents.AskCommand("i1", Question));

        // Act: just inside the TTL the conversation continues (and the new turn restarts it); then it lapses.
        harness.Clock.Advance(TimeSpan.FromMinutes(59));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i2", FollowUp));
        harness.Clock.Advance(TimeSpan.FromMinutes(60));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i3", FollowUp));

        // Assert
        var asked = harness.Ask.Asked;
        Assert.Contains(Leader, asked[1].Standalone, StringComparison.Ordinal);
        Assert.Equal((FollowUp, 0), (asked[2].Standalone, asked[2].HistoryTurns));
    }

    [Fact]
    public async Task HandleAsync_MoreConversationsThanTheMax_ForgetsTheLeastRecentlyUsed()
    {
        // Arrange: three users' conversations in one channel, room for two.
        using var harness = new MemoryHarness(seeds.Ask, o => o.MaxConversations = 2);
        await harness.InteractionAsync(DiscordEvents.AskCommand("i1", Question, userId: "u1"));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i2", Question, userId: "u2"));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i3", Question, userId: "u3"));

        // Act
        await harness.InteractionAsync(DiscordEvents.AskCommand("i4", FollowUp, userId: "u3"));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i5", FollowUp, userId: "u1"));

        // Assert
        var asked = harness.Ask.Asked;
        Assert.Contains(Leader, asked[3].Standalone, StringComparison.Ordinal);
        Assert.Equal((FollowUp, 0), (asked[4].Standalone, asked[4].HistoryTurns));
    }

    [Fact]
    public async Task HandleAsync_ResetCommand_ClearsOnlyTheCallersConversationAndRepliesEphemerally()
    {
        // Arrange
        using var harness = new MemoryHarness(seeds.Ask);
        await harness.InteractionAsync(DiscordEvents.AskCommand("i1", Question));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i2", Question, userId: OtherUserId));

        // Act
        await harness.InteractionAsync(Reset("i3"));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i4", FollowUp));
        await harness.InteractionAsync(DiscordEvents.AskCommand("i5", FollowUp, userId: OtherUserId));

        // Assert
        var response = harness.Rest.Of(RestOperations.InteractionResponse).Single(r => r.Target == "i3");
        var body = (InteractionResponse)response.Body!;
        Assert.Equal(InteractionCallbackTypes.ChannelMessageWithSource, body.Type);
        Assert.Equal((DiscordBot.ConversationClearedText, MessageFlags.Ephemeral), (body.Data!.Content, body.Data.Flags));
        var asked = harness.Ask.Asked;
        Assert.Equal(4, asked.Count);
        Assert.Equal((FollowUp, 0), (asked[2].Standalone, asked[2].HistoryTurns));
        Assert.Contains(Leader, asked[3].Standalone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ResetInTheBotsThread_ClearsTheThreadButKeepsAnsweringThere()
    {
        // Arrange
        using var harness = new MemoryHarness(seeds.Ask);
        await harness.ReadyAsync();
        await harness.MessageAsync(DiscordEvents.GuildMessage("m1", Question));

        // Act: anyone in the thread may clear it; the next message there needs no mention still.
        await harness.InteractionAsync(Reset("i1", channelId: "m1", userId: OtherUserId));
        await harness.MessageAsync(ThreadMessage("m2", FollowUp));

        // Assert
        var asked = harness.Ask.Asked;
        Assert.Equal(2, asked.Count);
        Assert.Equal((FollowUp, 0), (asked[1].Standalone, asked[1].HistoryTurns));
    }

    [Fact]
    public void ConversationStore_AfterTheTimeToLive_ForgetsTheHistoryButNotTheThread()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 25, 12, 0, 0, TimeSpan.Zero));
        var store = new ConversationStore(maxTurns: 5, capacity: 10, TimeSpan.FromMinutes(60), clock);
        store.OpenFollowUps("t1", "c1");
        store.Append("t1", Turn("q1"));
        store.Append(ConversationStore.UserInChannel("u1", "c1"), Turn("q2"));

        // Act: reading the history is no activity, so it doesn't keep it alive.
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Single(store.History("t1").Turns);
        clock.Advance(TimeSpan.FromMinutes(30));

        // Assert
        Assert.Empty(store.History("t1").Turns);
        Assert.True(store.AcceptsFollowUps("t1"));
        Assert.Equal("c1", store.ParentChannel("t1"));
        store.Append("other", Turn("q3"));
        Assert.Equal(1, store.Count);
        Assert.True(store.AcceptsFollowUps("t1"));
        Assert.Empty(store.History(ConversationStore.UserInChannel("u1", "c1")).Turns);
    }

    [Fact]
    public void ConversationStore_Clear_ForgetsTheHistoryOfOneKeyOnly()
    {
        var store = new ConversationStore(maxTurns: 5);
        store.Append(ConversationStore.UserInChannel("u1", "c1"), Turn("q1"));
        store.Append(ConversationStore.UserInChannel("u2", "c1"), Turn("q2"));

        Assert.True(store.Clear(ConversationStore.UserInChannel("u1", "c1")));
        Assert.False(store.Clear(ConversationStore.UserInChannel("u1", "c1")));

        Assert.Empty(store.History(ConversationStore.UserInChannel("u1", "c1")).Turns);
        Assert.Single(store.History(ConversationStore.UserInChannel("u2", "c1")).Turns);
        Assert.Equal(1, store.Count);
    }

    [Theory]
    [InlineData(nameof(DiscordOptions.MaxConversations), 0)]
    [InlineData(nameof(DiscordOptions.MaxConversations), 1_000_001)]
    [InlineData(nameof(DiscordOptions.ConversationTtlMinutes), 0)]
    [InlineData(nameof(DiscordOptions.ConversationTtlMinutes), 10_081)]
    public void DiscordOptions_MemoryLimitsOutOfRange_AreRejected(string property, int value)
    {
        var options = new DiscordOptions();
        Assert.Equal((10_000, 60), (options.MaxConversations, options.ConversationTtlMinutes));
        Assert.Empty(Validate(options));

        typeof(DiscordOptions).GetProperty(property)!.SetValue(options, value);

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(property));
    }

    private static List<ValidationResult> Validate(DiscordOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static ConversationTurn Turn(string question) => new(question, question, "an answer", false);

    private static DiscordMessage ThreadMessage(string id, string text, DiscordUser? author = null)
        => DiscordEvents.GuildMessage(id, text, mention: false, channelId: "m1", channelType: ChannelTypes.PublicThread, author: author);

    private static DiscordInteraction Reset(string id, string channelId = DiscordEvents.ChannelId, string userId = DiscordEvents.UserId)
        => new(
            id,
            DiscordEvents.ApplicationId,
            InteractionTypes.ApplicationCommand,
            "token-" + id,
            GuildId: DiscordEvents.GuildId,
            ChannelId: channelId,
            Member: new DiscordMember(new DiscordUser(userId, "reader")),
            Data: new DiscordInteractionData(Name: DiscordBot.ResetCommandName));

    /// <summary>The real pipeline, recording what each question was asked with and rewritten to.</summary>
    private sealed class RecordingAsk(IAskService inner) : IAskService
    {
        private readonly Lock gate = new();
        private readonly List<(string Question, int HistoryTurns, string Standalone)> asked = [];

        public IReadOnlyList<(string Question, int HistoryTurns, string Standalone)> Asked
        {
            get
            {
                lock (this.gate)
                {
                    return [.. this.asked];
                }
            }
        }

        public async Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
        {
            var result = await inner.AskAsync(question, history, cancellationToken);
            lock (this.gate)
            {
                this.asked.Add((question, history?.Turns.Count ?? 0, result.StandaloneQuestion));
            }

            return result;
        }
    }

    /// <summary>A <see cref="DiscordBot"/> on a fake clock, over a <see cref="RecordingRestClient"/> and SQLite in a temp folder.</summary>
    private sealed class MemoryHarness : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "askbot-memory-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteFeedbackStore store;
        private readonly DiscordBot bot;

        public MemoryHarness(IAskService ask, Action<DiscordOptions>? configure = null)
        {
            var options = new DiscordOptions { FeedbackDb = Path.Combine(this.folder, "feedback.db") };
            configure?.Invoke(options);
            var wrapped = Microsoft.Extensions.Options.Options.Create(options);
            this.Ask = new RecordingAsk(ask);
            this.store = new SqliteFeedbackStore(wrapped, NullLogger<SqliteFeedbackStore>.Instance);
            this.bot = new DiscordBot(this.Rest, this.Ask, this.store, wrapped, this.Clock, new AskBotTelemetry(), NullLogger<DiscordBot>.Instance);
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 3, 25, 12, 0, 0, TimeSpan.Zero));

        public RecordingRestClient Rest { get; } = new();

        public RecordingAsk Ask { get; }

        public Task ReadyAsync() => this.bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        public Task MessageAsync(DiscordMessage message) => this.bot.HandleAsync(new MessageCreatedEvent(message), CancellationToken.None);

        public Task InteractionAsync(DiscordInteraction interaction) => this.bot.HandleAsync(new InteractionCreatedEvent(interaction), CancellationToken.None);

        public void Dispose()
        {
            this.bot.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(this.folder))
            {
                Directory.Delete(this.folder, recursive: true);
            }
        }
    }
}
