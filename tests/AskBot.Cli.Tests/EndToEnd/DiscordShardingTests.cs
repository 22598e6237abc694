using System.Globalization;
using System.Text.Json.Nodes;
using AskBot.Cli.Tests.Infrastructure;
using AskBot.Discord.Tests.Fakes;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// A bot of four shards run by two real <c>askbot discord</c> processes (shards 0,1 and 2,3) against the fake Discord,
/// which routes each guild's events to the shard of its id as Discord does: every guild's message and a DM are answered
/// exactly once, by the process running that shard.
/// </summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class DiscordShardingTests(IndexedCorpusFixture fixture)
{
    private const int Shards = 4;

    [Fact]
    public async Task Four_shards_over_two_processes_answer_each_guilds_message_and_a_DM_exactly_once()
    {
        await using var discord = await DiscordBotHarness.StartAsync(fixture.Workspace);
        discord.Rest.GatewayShards = Shards;
        discord.Rest.GatewayMaxConcurrency = 1;
        discord.Gateway.Shards = Shards;

        var first = discord.StartBot(extra: this.Process(discord, "0,1", "first"));
        using var second = CliProcess.Start(fixture.Workspace.Root, ["discord"], Merge(discord.Environment(), this.Process(discord, "2-3", "second")));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (discord.Gateway.Connections.Count(c => c.IsReady && c.ShardId is not null) < Shards)
        {
            Assert.True(DateTime.UtcNow < deadline, "the four shards never became ready\n" + discord.Describe() + "\n--- second ---\n" + second.StdErr);
            await Task.Delay(50);
        }

        // One identify per shard, each with its own [id, count]; a process identifies its two shards 5 s apart
        // (max_concurrency 1), and only the process running shard 0 registers the commands.
        var identifies = discord.Gateway.FramesWithOp(2).ToDictionary(f => f.D.GetProperty("shard")[0].GetInt32());
        Assert.Equal([0, 1, 2, 3], identifies.Keys.Order());
        Assert.All(identifies.Values, f => Assert.Equal(Shards, f.D.GetProperty("shard")[1].GetInt32()));
        // Which of a process's shards gets the first turn is not fixed; the gap between them is.
        Assert.True((identifies[1].At - identifies[0].At).Duration() >= TimeSpan.FromSeconds(4.9), $"shards 0 and 1 identified {identifies[1].At - identifies[0].At} apart");
        Assert.True((identifies[3].At - identifies[2].At).Duration() >= TimeSpan.FromSeconds(4.9), $"shards 2 and 3 identified {identifies[3].At - identifies[2].At} apart");

        // Registration follows shard 0's READY on its own task, so it may land just after the last shard is ready.
        await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands", TimeSpan.FromSeconds(30)),
            "the commands were never registered");

        var messages = new List<string>();
        for (var shard = 0; shard < Shards; shard++)
        {
            var messageId = (1_260_000_000_000_000_000 + shard).ToString(CultureInfo.InvariantCulture);
            var mention = DiscordPayloads.GuildMention(messageId, "Who leads ISIS-K?");
            mention["guild_id"] = GuildOfShard(shard);
            var (_, routed) = await discord.Gateway.SendToShardAsync("MESSAGE_CREATE", mention);
            Assert.Equal(shard, routed);
            messages.Add(messageId);
        }

        const string dmId = "1260000000000000099";
        var (_, dmShard) = await discord.Gateway.SendToShardAsync("MESSAGE_CREATE", DirectMessage(dmId, "Who leads ISIS-K?"));
        Assert.Equal(0, dmShard);

        foreach (var messageId in messages)
        {
            await discord.WaitForAsync(
                () => discord.Rest.WaitForRequestAsync("POST", $"/channels/{messageId}/messages", TimeSpan.FromSeconds(60)),
                $"message {messageId} was never answered");
        }

        await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("POST", "/channels/dm-channel-1/messages", TimeSpan.FromSeconds(60)),
            "the DM was never answered");

        // Time for a second answer to any of them, were one coming.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var messageId in messages)
        {
            Assert.Single(discord.Rest.RequestsTo("POST", $"/channels/{DiscordPayloads.ChannelId}/messages/{messageId}/threads"));
            Assert.Single(discord.Rest.RequestsTo("POST", $"/channels/{messageId}/messages"));
        }

        Assert.Single(discord.Rest.RequestsTo("POST", "/channels/dm-channel-1/messages"));
        Assert.Single(discord.Rest.RequestsTo("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands"));
        await second.TerminateAsync();
        (await second.WaitForExitAsync(DiscordBotHarness.StepTimeout)).AssertExitCode(0).AssertNoStackTrace();
        (await discord.TerminateBotAsync()).AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("shards", first.StdErr + second.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    // Each process keeps its own state here (the embedded SQLite default); one place to point both at a shared store.
    private Dictionary<string, string> Process(DiscordBotHarness discord, string shardIds, string name) => new()
    {
        ["AskBot__Discord__ShardCount"] = Shards.ToString(CultureInfo.InvariantCulture),
        ["AskBot__Discord__ShardIds"] = shardIds,
        ["AskBot__Discord__FeedbackDb"] = Path.Combine(discord.Folder, name + ".db"),
        ["Logging__LogLevel__AskBot.Discord.Gateway.DiscordShardManager"] = "Information",
    };

    private static Dictionary<string, string> Merge(Dictionary<string, string> environment, Dictionary<string, string> extra)
    {
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    // A snowflake whose (id >> 22) % Shards is the shard.
    private static string GuildOfShard(int shard) =>
        (((ulong)(250_000 * Shards + shard) << 22) + 777).ToString(CultureInfo.InvariantCulture);

    private static JsonObject DirectMessage(string messageId, string question) => new()
    {
        ["id"] = messageId,
        ["channel_id"] = "dm-channel-1",
        ["type"] = 0,
        ["content"] = question,
        ["author"] = new JsonObject { ["id"] = DiscordPayloads.UserId, ["username"] = "reader" },
        ["mentions"] = new JsonArray(),
        ["attachments"] = new JsonArray(),
        ["embeds"] = new JsonArray(),
        ["timestamp"] = "2024-03-26T10:00:00+00:00",
    };
}
