using AskBot.Discord.Bot;
using AskBot.Discord.Gateway;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Bot;

/// <summary>One structured Information line per answered question, without the question's text unless asked for; rate-limit hits are counted.</summary>
public sealed class AnswerLogTests
{
    private const string Secret = "What is the secret 7c1e question?";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnsweredMention_LogsOneInformationLine_WithIdsKindProviderAndCitations_AndTheQuestionOnlyWhenEnabled(bool logQuestionText)
    {
        var logger = new RecordingLogger<DiscordBot>();
        using var harness = new BotHarness(new FakeAskService(), o => o.LogQuestionText = logQuestionText, logger);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", Secret)), CancellationToken.None);

        var line = Assert.Single(logger.Entries, e => e.Message.StartsWith("Answered", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith($"Answered mention m1 in channel {DiscordEvents.ChannelId} (guild {DiscordEvents.GuildId}) in ", line.Message, StringComparison.Ordinal);
        Assert.Contains("ms by Extractive (refused: False, citations: 1)", line.Message, StringComparison.Ordinal);
        Assert.Equal(logQuestionText, logger.Entries.Any(e => e.Message.Contains(Secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnsweredAskCommandAndThreadFollowUp_EachLogOneLineOfTheirKind_WithoutTheQuestionByDefault()
    {
        var logger = new RecordingLogger<DiscordBot>();
        using var harness = new BotHarness(new FakeAskService(), configure: null, logger);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.AskCommand("i1", Secret)), CancellationToken.None);
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", Secret)), CancellationToken.None);
        var thread = harness.Rest.Of(RestOperations.StartThread).Single().Extra!;
        await harness.Bot.HandleAsync(
            new MessageCreatedEvent(DiscordEvents.GuildMessage("m2", Secret, mention: false, channelId: thread, channelType: 11)),
            CancellationToken.None);

        var lines = logger.Entries.Where(e => e.Message.StartsWith("Answered", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith($"Answered slash i1 in channel {DiscordEvents.ChannelId} ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Answered mention m1 ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"Answered thread m2 in channel {thread} ", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RateLimitedQuestions_AreCountedAsUserRateLimitWaits_AndNotLoggedAsAnswered()
    {
        var logger = new RecordingLogger<DiscordBot>();
        using var harness = new BotHarness(new FakeAskService(), o => o.UserRateLimitCount = 1, logger);
        using var waits = new MetricCollector<long>(harness.MeterFactory, "AskBot", "askbot.ratelimit.waits");
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        for (var i = 1; i <= 3; i++)
        {
            await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage($"m{i}", Secret)), CancellationToken.None);
        }

        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.AskCommand("i1", Secret)), CancellationToken.None);

        var measurements = waits.GetMeasurementSnapshot();
        Assert.Equal(3, measurements.Count);
        Assert.All(measurements, m => Assert.Equal("user", m.Tags["askbot.ratelimit.scope"]));
        Assert.Single(logger.Entries, e => e.Message.StartsWith("Answered", StringComparison.Ordinal));
    }
}
