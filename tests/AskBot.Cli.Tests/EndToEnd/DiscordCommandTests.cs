using System.Text.Json;
using AskBot.Cli.Tests.Infrastructure;
using AskBot.Discord.Tests.Fakes;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>askbot discord</c> process against a fake Discord over real HTTP and WebSocket: a mention answered in a
/// thread, <c>/ask</c>, a feedback click stored and exported, and a clean stop on SIGTERM.
/// </summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class DiscordCommandTests(IndexedCorpusFixture fixture)
{
    private const string BandQuestion = "Which band was supposed to play at Crocus City Hall?";

    private TestWorkspace Workspace => fixture.Workspace;

    [Fact]
    public async Task Mention_in_a_guild_channel_is_answered_in_a_thread_with_cited_verbatim_sources_and_feedback_buttons()
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);
        await discord.StartReadyBotAsync();

        var (thread, answer) = await this.AskByMentionAsync(discord, "1200000000000000001");

        Assert.Equal("1200000000000000001", thread.Path.Split('/')[4]);
        var threadName = thread.Json().GetProperty("name").GetString();
        Assert.Contains("Crocus City Hall", threadName, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeGatewayServer.BotUserId, threadName, StringComparison.Ordinal);

        var body = answer.Json();
        var content = DiscordRequestJson.Content(body);
        Assert.Contains("[1]", content, StringComparison.Ordinal);
        Assert.True(
            content.Contains("Picnic", StringComparison.Ordinal) || content.Contains("Piknik", StringComparison.Ordinal),
            "the answer doesn't name the band:\n" + content);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("allowed_mentions").GetProperty("parse").ValueKind);
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());

        var fields = DiscordRequestJson.EmbedFieldValues(body);
        Assert.NotEmpty(fields);
        var corpus = string.Join("\n", Directory.GetFiles(this.Workspace.Corpus, "*.txt").Select(File.ReadAllText));
        foreach (var field in fields)
        {
            var quote = DiscordRequestJson.UnescapedQuote(field);
            Assert.True(quote.Length >= 20, $"quote too short to prove anything: '{quote}'");
            Assert.True(corpus.Contains(quote, StringComparison.Ordinal), $"embed quote is not verbatim corpus text:\n{quote}");
        }

        var buttons = DiscordRequestJson.ButtonCustomIds(body);
        Assert.Equal(2, buttons.Count);
        Assert.All(buttons, id => Assert.StartsWith("fb:", id, StringComparison.Ordinal));

        var commands = discord.Rest.RequestsTo("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands");
        var registered = Assert.Single(commands).Json().EnumerateArray().Select(c => c.GetProperty("name").GetString());
        Assert.Equal(["ask", "reset"], registered);
        Assert.Contains(discord.Rest.Requests, r => r.Is("POST", $"/channels/{thread.Path.Split('/')[4]}/typing"));
        Assert.All(discord.Rest.Requests.Where(r => !r.Path.StartsWith("/interactions/", StringComparison.Ordinal)), r =>
            Assert.Equal("Bot " + DiscordBotHarness.Token, r.Header("Authorization")));
        AssertTokenNotPrinted(discord.Bot!);
    }

    [Fact]
    public async Task Helpful_click_is_acknowledged_stored_and_exported_as_an_eval_question_after_SIGTERM_stops_the_bot()
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);
        var bot = await discord.StartReadyBotAsync();
        var (_, answer) = await this.AskByMentionAsync(discord, "1200000000000000002");
        var helpful = Assert.Single(DiscordRequestJson.ButtonCustomIds(answer.Json()), id => id.StartsWith("fb:up:", StringComparison.Ordinal));

        await discord.Gateway.SendDispatchAsync("INTERACTION_CREATE", DiscordPayloads.ButtonClick("1300000000000000001", "click-token", helpful));

        var callback = await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("POST", "/interactions/1300000000000000001/click-token/callback", DiscordBotHarness.StepTimeout),
            "the click was never answered");
        var reply = callback.Json();
        Assert.Equal(4, reply.GetProperty("type").GetInt32());
        Assert.Equal(64, reply.GetProperty("data").GetProperty("flags").GetInt32());

        var stopped = await discord.TerminateBotAsync();
        stopped.AssertExitCode(0).AssertNoStackTrace();
        var connection = Assert.Single(discord.Gateway.Connections);
        await connection.WaitForCloseAsync(DiscordBotHarness.StepTimeout);
        Assert.Equal(1000, connection.ClientCloseStatus);
        Assert.True(connection.ClientClosedFirst, "the bot should close the gateway itself on SIGTERM");
        AssertTokenNotPrinted(bot);

        var exportFile = Path.Combine(discord.Folder, "fb.jsonl");
        var export = await discord.RunAsync("feedback", "export", "--out", exportFile);

        export.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("Exported 1 question(s)", export.StdOut, StringComparison.Ordinal);
        var line = Assert.Single(File.ReadAllLines(exportFile), l => l.Length > 0);
        using (var exported = JsonDocument.Parse(line))
        {
            var question = exported.RootElement.GetProperty("question").GetString();
            Assert.Contains("band", question, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Crocus City Hall", question, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeGatewayServer.BotUserId, question, StringComparison.Ordinal);
            Assert.True(exported.RootElement.GetProperty("answerable").GetBoolean());
            Assert.Equal("feedback", exported.RootElement.GetProperty("category").GetString());
            Assert.NotEqual(0, exported.RootElement.GetProperty("answers").GetArrayLength());
        }

        // Exit 1 is allowed: a one-question set gives refusalAccuracy no value, which eval counts as a missed threshold.
        var eval = await discord.RunAsync(["eval", "--set", exportFile, .. QuestionSets.LenientThresholds()]);

        Assert.True(eval.ExitCode is 0 or 1, "eval rejected the exported set\n" + eval);
        eval.AssertNoStackTrace();
        Assert.Contains("Evaluated 1 questions", eval.StdOut, StringComparison.Ordinal);
        Assert.Contains("Passed: 1 of 1 questions", eval.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_command_is_deferred_then_the_original_response_is_edited_with_the_cited_answer()
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);
        await discord.StartReadyBotAsync();

        await discord.Gateway.SendDispatchAsync("INTERACTION_CREATE", DiscordPayloads.AskCommand("1300000000000000002", "ask-token", "Who leads ISIS-K?"));

        var deferral = await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("POST", "/interactions/1300000000000000002/ask-token/callback", DiscordBotHarness.StepTimeout),
            "/ask was never acknowledged");
        Assert.Equal(5, deferral.Json().GetProperty("type").GetInt32());
        var edit = await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("PATCH", $"/webhooks/{FakeGatewayServer.ApplicationId}/ask-token/messages/@original", DiscordBotHarness.StepTimeout),
            "the deferred /ask response was never edited");
        Assert.True(edit.Timestamp >= deferral.Timestamp, "the answer must come after the deferral");
        var body = edit.Json();
        var content = DiscordRequestJson.Content(body);
        Assert.Contains("[1]", content, StringComparison.Ordinal);
        Assert.Contains("Ghafari", content, StringComparison.Ordinal);
        Assert.NotEmpty(DiscordRequestJson.EmbedFieldValues(body));
        Assert.All(DiscordRequestJson.ButtonCustomIds(body), id => Assert.StartsWith("fb:", id, StringComparison.Ordinal));
        Assert.Equal(0, body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        AssertTokenNotPrinted(discord.Bot!);
    }

    private static void AssertTokenNotPrinted(CliProcess bot)
    {
        Assert.DoesNotContain(DiscordBotHarness.Token, bot.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(DiscordBotHarness.Token, bot.StdErr, StringComparison.Ordinal);
    }

    /// <summary>Sends a mention of the band question; returns the thread it started and the answer posted in it.</summary>
    private async Task<(FakeDiscordRestRequest Thread, FakeDiscordRestRequest Answer)> AskByMentionAsync(DiscordBotHarness discord, string messageId)
    {
        await discord.Gateway.SendDispatchAsync("MESSAGE_CREATE", DiscordPayloads.GuildMention(messageId, BandQuestion));

        var thread = await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("POST", $"/channels/{DiscordPayloads.ChannelId}/messages/{messageId}/threads", DiscordBotHarness.StepTimeout),
            "the bot never started a thread for the mention");

        // The fake gives the thread the id of the message it starts from, as Discord does.
        var answer = await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("POST", $"/channels/{messageId}/messages", DiscordBotHarness.StepTimeout),
            "the bot never posted the answer in the thread");
        var requests = discord.Rest.Requests.ToList();
        Assert.True(requests.IndexOf(thread) < requests.IndexOf(answer), "the answer was posted before the thread existed");
        return (thread, answer);
    }
}
