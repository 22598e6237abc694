using System.Globalization;
using System.Text.Json.Nodes;
using AskBot.Discord.Gateway;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Discord.Tests.Gateway;

/// <summary>Shard settings, identify pacing, and several shards of one process against the fake gateway.</summary>
public sealed class ShardingTests
{
    private static readonly TimeSpan Timeout = GatewayHarness.Timeout;

    [Theory]
    [InlineData("auto", null, true)]
    [InlineData("4", "0,1", true)]
    [InlineData("4", "2-3", true)]
    [InlineData("4", "4", false)]
    [InlineData("0", null, false)]
    [InlineData("many", null, false)]
    [InlineData("4", "1-x", false)]
    public void Shard_settings_are_validated_naming_the_setting(string count, string? ids, bool valid)
    {
        var options = new DiscordOptions { ShardCount = count, ShardIds = ids };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.True(e.MemberNames.Contains(nameof(DiscordOptions.ShardCount)) || e.MemberNames.Contains(nameof(DiscordOptions.ShardIds))));
    }

    [Fact]
    public void Auto_takes_Discords_count_and_all_ids_unless_ids_are_given()
    {
        Assert.Equal([0, 1, 2], ShardPlan.Resolve(new DiscordOptions(), recommended: 3).Select(s => s.Id));
        Assert.Equal([new ShardInfo(2, 4), new ShardInfo(3, 4)], ShardPlan.Resolve(new DiscordOptions { ShardCount = "4", ShardIds = "3,2" }, recommended: 1));
        var error = Assert.Throws<DiscordGatewayFatalException>(() => ShardPlan.Resolve(new DiscordOptions { ShardIds = "5" }, recommended: 2));
        Assert.Contains("AskBot:Discord:ShardIds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_guild_is_served_by_the_shard_of_its_id_and_a_DM_by_shard_0()
    {
        Assert.Equal(0, ShardInfo.For(null, 4));
        Assert.Equal(3, ShardInfo.For(Guild(3, 4), 4));
        Assert.Equal(2, ShardInfo.For("197038439483310086", 4)); // Discord's documented example id: (id >> 22) % 4
        Assert.Equal(0, ShardInfo.For("not-a-snowflake", 4));
    }

    [Fact]
    public async Task One_bucket_lets_one_shard_identify_every_five_seconds()
    {
        var clock = new FakeTimeProvider();
        var pacer = new IdentifyPacer(maxConcurrency: 1, clock);

        var first = await pacer.WaitTurnAsync(0, CancellationToken.None).WaitAsync(Timeout);
        var second = pacer.WaitTurnAsync(1, CancellationToken.None);
        var third = pacer.WaitTurnAsync(2, CancellationToken.None);

        // The first identify takes a second to send: the next waits five seconds from the end of that send.
        clock.Advance(TimeSpan.FromSeconds(1));
        first.Dispose();
        clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        (await second.WaitAsync(Timeout)).Dispose();
        Assert.False(third.IsCompleted);
        await AdvanceUntilAsync(clock, third);
    }

    [Fact]
    public async Task Shards_of_different_buckets_identify_together()
    {
        var clock = new FakeTimeProvider();
        var pacer = new IdentifyPacer(maxConcurrency: 2, clock);

        (await pacer.WaitTurnAsync(0, CancellationToken.None).WaitAsync(Timeout)).Dispose();
        (await pacer.WaitTurnAsync(1, CancellationToken.None).WaitAsync(Timeout)).Dispose();
        var sameBucketAsZero = pacer.WaitTurnAsync(2, CancellationToken.None);

        await Task.Delay(50);
        Assert.False(sameBucketAsZero.IsCompleted);
        await AdvanceUntilAsync(clock, sameBucketAsZero);
    }

    [Fact]
    public async Task Each_shard_identifies_as_itself_gets_its_guilds_events_and_reconnects_alone()
    {
        await using var harness = await GatewayHarness.StartAsync(
            configure: o => { o.ShardCount = "4"; o.ShardIds = "1,3"; },
            configureServer: s => { s.Shards = 4; s.MaxConcurrency = 4; },
            start: false);
        var manager = new DiscordShardManager(
            harness.Client, harness.Rest, Microsoft.Extensions.Options.Options.Create(harness.Options), TimeProvider.System, NullLogger<DiscordShardManager>.Instance);
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(harness.Events.Writer, stop.Token);

        var readies = new[] { await harness.NextEventAsync<ReadyEvent>(), await harness.NextEventAsync<ReadyEvent>() };
        Assert.Equal([1, 3], readies.Select(r => r.Ready.Shard![0]).Order());
        var identifies = harness.Server.FramesWithOp(2);
        Assert.Equal(["[1,4]", "[3,4]"], identifies.Select(f => f.D.GetProperty("shard").GetRawText()).Order(StringComparer.Ordinal));

        // A message in a guild of shard 3 arrives through shard 3's connection.
        var (_, shard) = await harness.Server.SendToShardAsync("MESSAGE_CREATE", Message("m1", Guild(3, 4)));
        Assert.Equal(3, shard);
        Assert.Equal("m1", (await harness.NextEventAsync<MessageCreatedEvent>()).Message.Id);

        // Shard 1's connection drops: it resumes on a new connection while shard 3's stays up.
        var shardOne = harness.Server.Connections.Single(c => c.ShardId == 1);
        var shardThree = harness.Server.Connections.Single(c => c.ShardId == 3);
        await shardOne.CloseAsync(4000, "unknown error");
        await harness.Server.WaitForConnectionAsync(3, Timeout);
        var resumed = await harness.Server.WaitForFrameAsync(6, Timeout);
        Assert.Equal(3, resumed.Connection);
        Assert.True(shardThree.IsOpen);
        Assert.Equal(2, harness.Server.FramesWithOp(2).Count);

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    private static string Guild(int shard, int count) =>
        ((((ulong)(1000 * count) + (ulong)shard) << 22) + 12345).ToString(CultureInfo.InvariantCulture);

    private static JsonObject Message(string id, string guildId) => new()
    {
        ["id"] = id,
        ["channel_id"] = "c-" + guildId,
        ["guild_id"] = guildId,
        ["type"] = 0,
        ["content"] = "hello",
        ["author"] = new JsonObject { ["id"] = "u1", ["username"] = "reader" },
        ["mentions"] = new JsonArray(),
    };

    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Task task)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(task, Task.Delay(20));
        }

        await task.WaitAsync(TimeSpan.Zero);
    }
}
