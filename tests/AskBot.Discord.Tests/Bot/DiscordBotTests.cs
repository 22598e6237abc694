using System.Net;
using System.Text.Json;
using AskBot.Core.Answering;
using AskBot.Discord.Bot;
using AskBot.Discord.Gateway;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;
using AskBot.Discord.Tests.Support;

namespace AskBot.Discord.Tests.Bot;

[Collection(SeedsCollection.Name)]
public sealed class DiscordBotTests(SeedsFixture seeds)
{
    private const string AttackQuestion = "Who carried out the Moscow concert hall attack?";

    [Fact]
    public async Task HandleAsync_ReadyOfAShardOtherThanZero_LeavesCommandRegistrationToShardZero()
    {
        using var harness = new BotHarness(seeds.Ask);
        var ready = DiscordEvents.Ready().Ready;

        await harness.Bot.HandleAsync(new ReadyEvent(ready with { Shard = [1, 4] }), CancellationToken.None);
        await harness.Bot.HandleAsync(new ReadyEvent(ready with { Shard = [3, 4] }), CancellationToken.None);
        Assert.Empty(harness.Rest.Of(RestOperations.OverwriteCommands));
        Assert.Equal(DiscordEvents.SelfId, harness.Bot.SelfUserId);

        await harness.Bot.HandleAsync(new ReadyEvent(ready with { Shard = [0, 4] }), CancellationToken.None);
        Assert.Single(harness.Rest.Of(RestOperations.OverwriteCommands));
    }

    [Fact]
    public async Task HandleAsync_Ready_RegistersAskAndResetCommandsOnce()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask, o => o.CommandGuildId = "g-test");

        // Act
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Assert
        var call = Assert.Single(harness.Rest.Of(RestOperations.OverwriteCommands));
        Assert.Equal((DiscordEvents.ApplicationId, "g-test"), (call.Target, call.Extra));
        var commands = (IReadOnlyList<ApplicationCommand>)call.Body!;
        Assert.Equal(["ask", "reset"], commands.Select(c => c.Name));
        Assert.Empty(commands[1].Options);
        var command = commands[0];
        var option = Assert.Single(command.Options);
        Assert.Equal((CommandOptionTypes.String, "question", true), (option.Type, option.Name, option.Required));
        Assert.Equal(DiscordEvents.SelfId, harness.Bot.SelfUserId);
    }

    [Fact]
    public async Task HandleAsync_CommandRegistrationFails_BotStillAnswers()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        harness.Rest.Failures[RestOperations.OverwriteCommands] = new DiscordRestException(HttpStatusCode.Forbidden, 50001, "Missing Access");

        // Act
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?")), CancellationToken.None);

        // Assert
        Assert.Single(harness.Rest.Of(RestOperations.CreateMessage));
    }

    [Fact]
    public async Task HandleAsync_MentionInChannel_AnswersInANewThreadWithCitedSourcesAndButtons()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", AttackQuestion)), CancellationToken.None);

        // Assert: thread from the question, typing there first, then the answer in it.
        var calls = harness.Rest.Calls.Where(c => c.Operation != RestOperations.OverwriteCommands).ToList();
        var thread = calls[0];
        Assert.Equal((RestOperations.StartThread, DiscordEvents.ChannelId, "m1"), (thread.Operation, thread.Target, thread.Extra));
        Assert.Equal(AttackQuestion, ((StartThreadPayload)thread.Body!).Name);
        Assert.Equal((RestOperations.TriggerTyping, "m1"), (calls[1].Operation, calls[1].Target));
        var answer = Assert.Single(harness.Rest.Of(RestOperations.CreateMessage));
        Assert.Equal("m1", answer.Target);
        var payload = answer.Payload!;
        Assert.Contains("[1]", payload.Content, StringComparison.Ordinal);
        Assert.Contains(new[] { "ISIS-K", "Islamic State" }, who => payload.Content!.Contains(who, StringComparison.Ordinal));
        Assert.Null(payload.MessageReference);

        var json = JsonSerializer.Serialize(payload, DiscordJson.Options);
        Assert.Contains("\"allowed_mentions\":{\"parse\":[],\"replied_user\":false}", json, StringComparison.Ordinal);

        var embed = Assert.Single(payload.Embeds!);
        Assert.Equal("Sources", embed.Title);
        var stored = Assert.Single(await harness.StoredAsync());
        Assert.Equal(stored.Answer.Citations.Count, embed.Fields!.Count);
        foreach (var (field, citation) in embed.Fields.Zip(stored.Answer.Citations))
        {
            Assert.StartsWith($"[{citation.N}]", field.Name, StringComparison.Ordinal);
            var seedText = RepoPaths.SeedText(citation.DocId);
            Assert.Equal(citation.Quote, seedText[citation.Start..citation.End]);
            var shown = field.Value[(field.Value.IndexOf("> \"", StringComparison.Ordinal) + 3)..^1].Replace("\\", string.Empty, StringComparison.Ordinal).TrimEnd('…');
            Assert.Contains(shown, seedText, StringComparison.Ordinal);
        }

        var buttons = Assert.Single(payload.Components!).Components;
        Assert.Equal(["fb:up:" + stored.Answer.AnswerId, "fb:down:" + stored.Answer.AnswerId], buttons.Select(b => b.CustomId));
        Assert.Equal(("m1", DiscordEvents.GuildId, DiscordEvents.UserId), (stored.Answer.ChannelId, stored.Answer.GuildId, stored.Answer.UserId));
    }

    [Fact]
    public async Task HandleAsync_FollowUpInTheThread_UsesTheThreadsHistory()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?")), CancellationToken.None);

        // Act: no mention, posted in the thread the bot started (thread id = question id).
        var followUp = DiscordEvents.GuildMessage("m2", "How old is he?", mention: false, channelId: "m1", channelType: ChannelTypes.PublicThread);
        await harness.Bot.HandleAsync(new MessageCreatedEvent(followUp), CancellationToken.None);

        // Assert
        var answers = harness.Rest.Of(RestOperations.CreateMessage);
        Assert.Equal(2, answers.Count);
        Assert.Equal("m1", answers[1].Target);
        Assert.Equal("m2", answers[1].Payload!.MessageReference?.MessageId);
        Assert.Contains("29", answers[1].Payload!.Content, StringComparison.Ordinal);
        var stored = await harness.StoredAsync();
        Assert.Equal("How old is he?", stored[1].Answer.Question);
        Assert.NotEqual(stored[1].Answer.Question, stored[1].Answer.StandaloneQuestion);
        Assert.Contains("Ghafari", stored[1].Answer.StandaloneQuestion, StringComparison.Ordinal);
        Assert.Single(harness.Rest.Of(RestOperations.StartThread));
    }

    [Fact]
    public async Task HandleAsync_DirectMessage_RepliesInPlaceWithoutThread()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?")), CancellationToken.None);

        // Assert
        Assert.Empty(harness.Rest.Of(RestOperations.StartThread));
        var answer = Assert.Single(harness.Rest.Of(RestOperations.CreateMessage));
        Assert.Equal("dm1", answer.Target);
        Assert.Equal("m1", answer.Payload!.MessageReference?.MessageId);
        Assert.Contains("Sanaullah Ghafari", answer.Payload.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_SameMessageTwice_AnswersOnce()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);
        var created = new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", AttackQuestion));

        // Act
        await Task.WhenAll(harness.Bot.HandleAsync(created, CancellationToken.None), harness.Bot.HandleAsync(created, CancellationToken.None));
        await harness.Bot.HandleAsync(created, CancellationToken.None);

        // Assert
        Assert.Single(harness.Rest.Of(RestOperations.StartThread));
        Assert.Single(harness.Rest.Of(RestOperations.CreateMessage));
    }

    [Fact]
    public async Task HandleAsync_ThreadCannotBeStarted_RepliesInTheChannel()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        harness.Rest.Failures[RestOperations.StartThread] = new DiscordRestException(HttpStatusCode.Forbidden, 50013, "Missing Permissions");
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", AttackQuestion)), CancellationToken.None);

        // Assert
        var answer = Assert.Single(harness.Rest.Of(RestOperations.CreateMessage));
        Assert.Equal(DiscordEvents.ChannelId, answer.Target);
        Assert.Equal("m1", answer.Payload!.MessageReference?.MessageId);
        Assert.Contains("[1]", answer.Payload.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_AnswerInThreadsOff_RepliesInTheChannel()
    {
        using var harness = new BotHarness(seeds.Ask, o => o.AnswerInThreads = false);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", AttackQuestion)), CancellationToken.None);

        Assert.Empty(harness.Rest.Of(RestOperations.StartThread));
        Assert.Equal(DiscordEvents.ChannelId, Assert.Single(harness.Rest.Of(RestOperations.CreateMessage)).Target);
    }

    [Fact]
    public async Task HandleAsync_BotAuthorOrUnaddressedMessage_GetsNoReply()
    {
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", AttackQuestion, author: new DiscordUser("77", Bot: true))), CancellationToken.None);
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m2", AttackQuestion, mention: false)), CancellationToken.None);

        Assert.DoesNotContain(harness.Rest.Calls, c => c.Operation != RestOperations.OverwriteCommands);
    }

    [Fact]
    public async Task HandleAsync_ChannelNotOnAllowList_GetsNoReply()
    {
        using var harness = new BotHarness(seeds.Ask, o => o.AllowedChannelIds.Add("c-other"));
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.GuildMessage("m1", AttackQuestion)), CancellationToken.None);

        Assert.DoesNotContain(harness.Rest.Calls, c => c.Operation != RestOperations.OverwriteCommands);
    }

    [Fact]
    public async Task HandleAsync_UserOverRateLimit_IsToldToSlowDownOnce_ThenGetsAReactionOnEachFurtherMessage()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask, o => o.UserRateLimitCount = 1);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        for (var i = 1; i <= 4; i++)
        {
            await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage($"m{i}", "Who leads ISIS-K?")), CancellationToken.None);
        }

        // Assert
        var messages = harness.Rest.Of(RestOperations.CreateMessage);
        Assert.Equal(2, messages.Count);
        Assert.Equal(DiscordBot.SlowDownText, messages[1].Payload!.Content);
        Assert.Equal("m2", messages[1].Payload!.MessageReference?.MessageId);
        Assert.Contains("\"parse\":[]", JsonSerializer.Serialize(messages[1].Payload, DiscordJson.Options), StringComparison.Ordinal);
        var reactions = harness.Rest.Of(RestOperations.AddReaction);
        Assert.Equal(["m3", "m4"], reactions.Select(r => r.Extra));
        Assert.All(reactions, r => Assert.Equal(DiscordBot.RateLimitedReaction, r.Body));
    }

    [Fact]
    public async Task HandleAsync_AskCommandOverRateLimit_GetsAnEphemeralReplyEveryTime()
    {
        // Arrange
        using var harness = new BotHarness(new FakeAskService(), o => o.UserRateLimitCount = 1);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        for (var i = 1; i <= 3; i++)
        {
            await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.AskCommand($"i{i}", "Who leads ISIS-K?")), CancellationToken.None);
        }

        // Assert
        var responses = harness.Rest.Of(RestOperations.InteractionResponse);
        Assert.Equal(["i1", "i2", "i3"], responses.Select(r => r.Target));
        Assert.Single(harness.Rest.Of(RestOperations.EditOriginal));
        foreach (var limited in responses.Skip(1))
        {
            Assert.Equal(DiscordBot.SlowDownText, limited.Payload!.Content);
            Assert.Equal(MessageFlags.Ephemeral, limited.Payload.Flags);
        }
    }

    [Fact]
    public async Task HandleAsync_AskServiceFails_ApologisesAndKeepsAnswering()
    {
        // Arrange
        var ask = new FakeAskService { Failure = new InvalidOperationException("boom") };
        using var harness = new BotHarness(ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?")), CancellationToken.None);
        ask.Failure = null;
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage("m2", "Who leads ISIS-K?")), CancellationToken.None);

        // Assert
        var messages = harness.Rest.Of(RestOperations.CreateMessage);
        Assert.Equal(DiscordBot.SorryText, messages[0].Payload!.Content);
        Assert.Equal("m1", messages[0].Payload!.MessageReference?.MessageId);
        Assert.Contains("[1]", messages[1].Payload!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InvalidQuestion_GetsAFriendlyReply()
    {
        using var harness = new BotHarness(new FakeAskService { Failure = new InvalidQuestionException("the question is empty") });
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage("m1", "\u0007")), CancellationToken.None);

        Assert.Equal(DiscordBot.InvalidQuestionText, Assert.Single(harness.Rest.Of(RestOperations.CreateMessage)).Payload!.Content);
    }

    [Fact]
    public async Task HandleAsync_AskCommand_DefersBeforeEditingTheOriginalWithTheAnswer()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        // Act
        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.AskCommand("i1", AttackQuestion)), CancellationToken.None);

        // Assert
        var deferred = Assert.Single(harness.Rest.Of(RestOperations.InteractionResponse));
        Assert.Equal(("i1", "token-i1"), (deferred.Target, deferred.Extra));
        Assert.Equal(InteractionCallbackTypes.DeferredChannelMessageWithSource, ((InteractionResponse)deferred.Body!).Type);
        var edit = Assert.Single(harness.Rest.Of(RestOperations.EditOriginal));
        Assert.True(deferred.Sequence < edit.Sequence);
        Assert.Equal((DiscordEvents.ApplicationId, "token-i1"), (edit.Target, edit.Extra));
        Assert.Contains("[1]", edit.Payload!.Content, StringComparison.Ordinal);
        Assert.Equal("Sources", Assert.Single(edit.Payload.Embeds!).Title);
        Assert.Single(edit.Payload.Components!);
        Assert.Empty(harness.Rest.Of(RestOperations.CreateFollowup));
        Assert.Empty(harness.Rest.Of(RestOperations.CreateMessage));
    }

    [Fact]
    public async Task HandleAsync_FeedbackClick_IsStoredAndAcknowledgedEphemerally()
    {
        // Arrange
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);
        await harness.Bot.HandleAsync(new MessageCreatedEvent(DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?")), CancellationToken.None);
        var buttons = Assert.Single(Assert.Single(harness.Rest.Of(RestOperations.CreateMessage)).Payload!.Components!).Components;

        // Act: two users, one of whom changes their mind.
        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.Click("i1", buttons[0].CustomId, userId: "u2")), CancellationToken.None);
        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.Click("i2", buttons[1].CustomId, userId: "u3")), CancellationToken.None);
        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.Click("i3", buttons[0].CustomId, userId: "u3")), CancellationToken.None);

        // Assert
        var responses = harness.Rest.Of(RestOperations.InteractionResponse);
        Assert.Equal(3, responses.Count);
        Assert.All(responses, r =>
        {
            var response = (InteractionResponse)r.Body!;
            Assert.Equal(InteractionCallbackTypes.ChannelMessageWithSource, response.Type);
            Assert.Equal(MessageFlags.Ephemeral, response.Data!.Flags);
            Assert.Equal(DiscordBot.ThanksText, response.Data.Content);
        });
        Assert.True(File.Exists(harness.Options.FeedbackDb));
        var entry = Assert.Single(await harness.StoredAsync());
        Assert.Equal((2, 0), (entry.HelpfulVotes, entry.UnhelpfulVotes));
    }

    [Fact]
    public async Task HandleAsync_ClickOnUnknownAnswerOrUnknownButton_IsAcknowledgedEphemerally()
    {
        using var harness = new BotHarness(seeds.Ask);
        await harness.Bot.HandleAsync(DiscordEvents.Ready(), CancellationToken.None);

        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.Click("i1", "fb:up:nope")), CancellationToken.None);
        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.Click("i2", "something:else")), CancellationToken.None);
        await harness.Bot.HandleAsync(new InteractionCreatedEvent(DiscordEvents.Click("i2", "something:else")), CancellationToken.None);

        var responses = harness.Rest.Of(RestOperations.InteractionResponse).Select(r => (InteractionResponse)r.Body!).ToList();
        Assert.Equal([DiscordBot.UnknownAnswerText, DiscordBot.UnknownActionText], responses.Select(r => r.Data!.Content));
        Assert.All(responses, r => Assert.Equal(MessageFlags.Ephemeral, r.Data!.Flags));
    }
}
