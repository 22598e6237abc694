using System.Text.Json;
using AskBot.Core.Storage;
using AskBot.Discord.Tests.Support;

namespace AskBot.Discord.Tests.Load;

/// <summary>
/// Many users at once through the whole adapter (fake gateway and REST over loopback, the real pipeline on the seeds):
/// every question gets exactly one answer or one rate-limit reply, nothing is lost or answered twice, and the bot's
/// memory stays within its bounds. Speed is not asserted here; <c>discord-load</c> in AskBot.Benchmarks reports it.
/// </summary>
[Collection(SeedsCollection.Name)]
public sealed class DiscordLoadTests(SeedsFixture seeds)
{
    private const int Users = 30;
    private const int Questions = 300;
    // Below what the run opens (a thread per answered mention plus each user's /ask memory), so histories are forgotten
    // during the run; the threads the bot answers in are remembered apart, so a follow-up there is still answered.
    private const int MaxConversations = 40;
    private const int MaxHistoryTurns = 3;

    [Fact]
    public async Task ThreeHundredQuestionsFromThirtyUsers_EachGetExactlyOneAnswerOrRateLimitReply_AndMemoryStaysBounded()
    {
        // Arrange: short histories, and the default per-user limit (5 a minute) so every user runs into it.
        await using var host = await DiscordAdapterHost.StartAsync(seeds.IndexCachePath, new Dictionary<string, string?>
        {
            ["MaxConversations"] = MaxConversations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MaxHistoryTurns"] = MaxHistoryTurns.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var texts = LoadQuestionTexts();

        // Act
        var run = await DiscordLoadDriver.RunAsync(
            host.Gateway,
            host.Rest,
            texts,
            new DiscordLoadOptions(Users, Questions),
            DiscordAdapterHost.StepTimeout,
            CancellationToken.None);
        var bot = host.Bot;
        var conversations = bot.Conversations.Count;
        var longestHistory = bot.Conversations.LongestHistory;
        var followUpChannels = bot.Conversations.FollowUpCount;
        var processed = ((InMemoryEventLedger)bot.Ledger).Count;
        await host.StopAsync();
        var audit = DiscordLoadDriver.Audit(host.Rest.Requests, run.Questions);

        // Assert: nothing lost.
        Assert.Equal(Questions, run.Questions.Count);
        var unanswered = run.Questions.Where(q => q.Reply is null).Select(q => q.Kind + " " + q.Id).ToList();
        Assert.True(unanswered.Count == 0, "no reply to: " + string.Join(", ", unanswered));
        Assert.All(run.Questions, q => Assert.Contains(q.Reply, new[] { "answer", "slowdown", "reaction", "ephemeral" }));

        // Every kind was asked, and both answers and each kind of rate-limit reply happened.
        Assert.Equal(["mention", "slash", "thread"], run.Questions.Select(q => q.Kind).Distinct().Order());
        Assert.Equal(["answer", "ephemeral", "reaction", "slowdown"], run.Questions.Select(q => q.Reply!).Distinct().Order());

        // Nothing answered twice, though every tenth message was delivered twice.
        var repeated = audit.Replies.Where(pair => pair.Value != 1).Select(pair => $"{pair.Key}: {pair.Value}").ToList();
        Assert.True(repeated.Count == 0, "not exactly one reply: " + string.Join(", ", repeated));
        var answeredMessages = run.Questions.Count(q => q.Kind != "slash" && q.Reply == "answer");
        Assert.Equal(answeredMessages, audit.AnswersWithButtons);
        foreach (var slash in run.Questions.Where(q => q.Kind == "slash"))
        {
            var edits = audit.OriginalEdits.GetValueOrDefault(DiscordLoadDriver.InteractionTokenPrefix + slash.Id);
            Assert.Equal(slash.Reply == "answer" ? 1 : 0, edits);
        }

        // Memory stays within its bounds.
        Assert.Equal(MaxConversations, conversations);
        Assert.InRange(followUpChannels, 1, bot.Conversations.FollowUpCapacity);
        Assert.InRange(longestHistory, 1, MaxHistoryTurns);
        Assert.InRange(processed, Questions, Questions + 10);
        Assert.InRange(bot.Limiter.PermitsInUse, 1, Users * 5);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.InRange(GC.GetTotalMemory(forceFullCollection: true), 0, 1L << 30);
    }

    private static List<string> LoadQuestionTexts() =>
        File.ReadLines(RepoPaths.QuestionSet)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!)
            .ToList();
}
