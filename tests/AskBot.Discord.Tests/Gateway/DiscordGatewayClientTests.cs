using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AskBot.Discord.Gateway;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;
using AskBot.Discord.Tests.Fakes;

namespace AskBot.Discord.Tests.Gateway;

public sealed partial class DiscordGatewayClientTests
{
    private static readonly TimeSpan Timeout = GatewayHarness.Timeout;

    [Fact]
    public async Task Identify_CarriesTokenIntentsAndProperties_OnTheVersionedBaseUrl()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var identify = await harness.Server.WaitForFrameAsync(2, Timeout);
        var connection = await harness.Server.WaitForConnectionAsync(1, Timeout);

        Assert.Equal(GatewayHarness.Token, identify.D.GetProperty("token").GetString());
        Assert.Equal(37377, identify.D.GetProperty("intents").GetInt32());
        var properties = identify.D.GetProperty("properties");
        Assert.Equal("linux", properties.GetProperty("os").GetString());
        Assert.Equal("askbot", properties.GetProperty("browser").GetString());
        Assert.Equal("askbot", properties.GetProperty("device").GetString());
        Assert.False(connection.IsResumeUrl);
        Assert.Equal("?v=10&encoding=json", connection.Query);
        Assert.DoesNotContain("compress", connection.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatches_ArePublished_AsReadyMessageAndInteractionEvents_AndOthersAreIgnored()
    {
        await using var harness = await GatewayHarness.StartAsync();

        var ready = await harness.NextEventAsync<ReadyEvent>();
        await harness.Server.SendDispatchAsync("GUILD_CREATE", new { id = "G1", name = "guild" });
        await harness.Server.SendDispatchAsync("TYPING_START", new { channel_id = "C1" });
        await harness.Server.SendDispatchAsync("MESSAGE_CREATE", GatewayHarness.Message("M1", "<@BOT_ID> who leads ISIS-K?"));
        await harness.Server.SendDispatchAsync("INTERACTION_CREATE", new
        {
            id = "I1",
            application_id = FakeGatewayServer.ApplicationId,
            type = 2,
            token = "interaction-token",
            channel_id = "C1",
            member = new { user = new { id = "U2", username = "bob" } },
            data = new { name = "ask", options = new[] { new { name = "question", type = 3, value = "Who?" } } },
        });
        var message = await harness.NextEventAsync<MessageCreatedEvent>();
        var interaction = await harness.NextEventAsync<InteractionCreatedEvent>();

        Assert.Equal(FakeGatewayServer.BotUserId, ready.Ready.User.Id);
        Assert.Equal(FakeGatewayServer.ApplicationId, ready.Ready.Application.Id);
        Assert.Equal(FakeGatewayServer.SessionId, ready.Ready.SessionId);
        Assert.Equal("M1", message.Message.Id);
        Assert.Equal("C1", message.Message.ChannelId);
        Assert.Equal("G1", message.Message.GuildId);
        Assert.Equal("U1", message.Message.Author.Id);
        Assert.Equal("<@BOT_ID> who leads ISIS-K?", message.Message.Content);
        Assert.Equal(FakeGatewayServer.BotUserId, Assert.Single(message.Message.Mentions!).Id);
        Assert.Equal("ask", interaction.Interaction.Data!.Name);
        Assert.Equal("U2", interaction.Interaction.Actor!.Id);
        Assert.Equal("Who?", interaction.Interaction.Data.Options![0].Value!.Value.GetString());
        Assert.False(harness.Events.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Ready_SpanningManyWebSocketFrames_IsReadToTheEnd()
    {
        await using var harness = await GatewayHarness.StartAsync(configureServer: server => server.AutoReady = false);
        var connection = await harness.Server.WaitForConnectionAsync(1, Timeout);
        await connection.WaitForFrameAsync(2, Timeout);

        var guilds = new JsonArray();
        for (var i = 0; i < 5000; i++)
        {
            guilds.Add(new JsonObject { ["id"] = (1_000_000 + i).ToString(CultureInfo.InvariantCulture), ["unavailable"] = true });
        }

        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = FakeGatewayServer.BotUserId, ["username"] = "AskBot", ["bot"] = true },
            ["guilds"] = guilds,
            ["session_id"] = "big-session",
            ["resume_gateway_url"] = harness.Server.ResumeUrl.ToString(),
            ["application"] = new JsonObject { ["id"] = FakeGatewayServer.ApplicationId },
        };
        Assert.True(ready.ToJsonString().Length > 100_000);
        await connection.SendFrameAsync(0, ready, 1, "READY");

        var published = await harness.NextEventAsync<ReadyEvent>();
        Assert.Equal("big-session", published.Ready.SessionId);
    }

    [Fact]
    public async Task Heartbeats_FirstWithinTheIntervalWithNullSequence_LaterOnesCarryTheLatestSequence()
    {
        await using var harness = await GatewayHarness.StartAsync(configureServer: server =>
        {
            server.HeartbeatIntervalMs = 400;
            server.AutoReady = false;
        });
        var connection = await harness.Server.WaitForConnectionAsync(1, Timeout);

        var first = await connection.WaitForFrameAsync(1, Timeout);
        Assert.Equal(JsonValueKind.Null, first.D.ValueKind);
        // Jitter 0.5 puts the first beat 200 ms after Hello. Wall-clock gaps are bounded below exactly and above only
        // loosely: a loaded CI machine delays timers by seconds, never makes them early.
        Assert.InRange((first.At - connection.HelloSentAt!.Value).TotalMilliseconds, 150, 5000);

        await connection.SendReadyAsync();
        await harness.NextEventAsync<ReadyEvent>();
        var sequence = await harness.DeliverMessageAsync("M1");
        var delivered = harness.Server.Now;
        var later = await harness.Server.WaitForFrameAsync(frame => frame.Op == 1 && frame.At > delivered, Timeout);
        var next = await harness.Server.WaitForFrameAsync(frame => frame.Op == 1 && frame.At > later.At, Timeout);

        Assert.Equal(2, sequence);
        Assert.Equal(2, later.Sequence);
        Assert.InRange((next.At - later.At).TotalMilliseconds, 350, 10_000);
    }

    [Fact]
    public async Task ServerHeartbeatRequest_IsAnsweredImmediately()
    {
        await using var harness = await GatewayHarness.StartAsync(
            configureServer: server => server.HeartbeatIntervalMs = 20_000,
            random: new FixedGatewayRandom(0.99));
        var connection = await harness.ReadyAsync();

        var asked = harness.Server.Now;
        await connection.SendOpAsync(1, null);
        var reply = await connection.WaitForFrameAsync(1, Timeout);

        Assert.True(reply.At - asked < TimeSpan.FromSeconds(1), $"answered after {reply.At - asked}");
        Assert.Equal(1, reply.Sequence);
    }

    [Fact]
    public async Task MissingHeartbeatAck_ClosesTheZombie_AndResumesOnTheResumeUrl()
    {
        await using var harness = await GatewayHarness.StartAsync(configureServer: server => server.HeartbeatIntervalMs = 100);
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        first.AckHeartbeats = false;
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        var resume = await second.WaitForFrameAsync(6, Timeout);
        await first.WaitForCloseAsync(Timeout);

        Assert.True(first.ClientClosedFirst);
        Assert.NotEqual(1000, first.ClientCloseStatus);
        Assert.NotEqual(1001, first.ClientCloseStatus);
        Assert.True(second.IsResumeUrl);
        Assert.Equal("?v=10&encoding=json", second.Query);
        Assert.Equal(GatewayHarness.Token, resume.String("token"));
        Assert.Equal(FakeGatewayServer.SessionId, resume.String("session_id"));
        Assert.Equal(sequence, resume.D.GetProperty("seq").GetInt64());
        Assert.Single(harness.Server.FramesWithOp(2));

        // RESUMED is not a new READY: the next event is the next message.
        await harness.DeliverMessageAsync("M2");
    }

    [Fact]
    public async Task DroppedSocket_Resumes_AndReplayedRepeatsAreNotPublishedTwice()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");
        harness.Server.AutoResume = false;

        first.Abort();
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        var resume = await second.WaitForFrameAsync(6, Timeout);
        await second.SendFrameAsync(0, FakeGatewayServer.ToNode(GatewayHarness.Message("M1")), sequence, "MESSAGE_CREATE");
        await second.SendFrameAsync(0, FakeGatewayServer.ToNode(GatewayHarness.Message("M3")), sequence + 1, "MESSAGE_CREATE");
        await second.SendFrameAsync(0, null, sequence + 2, "RESUMED");

        var replayed = await harness.NextEventAsync<MessageCreatedEvent>();
        Assert.True(second.IsResumeUrl);
        Assert.Equal(sequence, resume.D.GetProperty("seq").GetInt64());
        Assert.Equal("M3", replayed.Message.Id);
        var heartbeat = await second.WaitForFrameAsync(1, Timeout);
        Assert.Equal(sequence + 2, heartbeat.Sequence);
        Assert.False(harness.Events.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Reconnect_Op7_ResumesWithSessionAndSequence_EvenWhenItArrivesBeforeHello()
    {
        await using var harness = await GatewayHarness.StartAsync(configureServer: server =>
            server.OnConnectedAsync = connection => connection.Number == 2 ? connection.SendOpAsync(7, null) : Task.CompletedTask);
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        await first.SendOpAsync(7, null);
        var third = await harness.Server.WaitForConnectionAsync(3, Timeout);
        var resume = await third.WaitForFrameAsync(6, Timeout);
        await first.WaitForCloseAsync(Timeout);

        var second = harness.Server.Connections[1];
        Assert.True(first.ClientClosedFirst);
        Assert.NotEqual(1000, first.ClientCloseStatus);
        Assert.True(second.IsResumeUrl);
        Assert.DoesNotContain(second.Frames, frame => frame.Op is 2 or 6);
        Assert.True(third.IsResumeUrl);
        Assert.Equal(FakeGatewayServer.SessionId, resume.String("session_id"));
        Assert.Equal(sequence, resume.D.GetProperty("seq").GetInt64());
        Assert.Single(harness.Server.FramesWithOp(2));
    }

    [Fact]
    public async Task InvalidSession_NotResumable_WaitsThenIdentifiesOnTheBaseUrlWithTheSequenceCleared()
    {
        await using var harness = await GatewayHarness.StartAsync(
            configure: options =>
            {
                options.InvalidSessionMinDelaySeconds = 0.15;
                options.InvalidSessionMaxDelaySeconds = 0.25;
            },
            configureServer: server => server.HeartbeatIntervalMs = 300);
        var first = await harness.ReadyAsync();
        await harness.DeliverMessageAsync("M1");
        harness.Server.AutoReady = false;

        var invalidated = harness.Server.Now;
        await first.SendOpAsync(9, false);
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        await second.WaitForFrameAsync(2, Timeout);
        var heartbeat = await second.WaitForFrameAsync(1, Timeout);
        await second.SendReadyAsync();
        var ready = await harness.NextEventAsync<ReadyEvent>();

        Assert.True(second.ConnectedAt - invalidated >= TimeSpan.FromMilliseconds(150), $"reconnected after {second.ConnectedAt - invalidated}");
        Assert.False(second.IsResumeUrl);
        Assert.Empty(harness.Server.FramesWithOp(6));
        Assert.Equal(2, harness.Server.FramesWithOp(2).Count);
        Assert.Equal(JsonValueKind.Null, heartbeat.D.ValueKind);
        Assert.Equal("sess-2", ready.Ready.SessionId);
    }

    [Fact]
    public async Task InvalidSession_Resumable_Resumes()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        await first.SendOpAsync(9, true);
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        var resume = await second.WaitForFrameAsync(6, Timeout);

        Assert.True(second.IsResumeUrl);
        Assert.Equal(FakeGatewayServer.SessionId, resume.String("session_id"));
        Assert.Equal(sequence, resume.D.GetProperty("seq").GetInt64());
        Assert.Single(harness.Server.FramesWithOp(2));
    }

    [Theory]
    [InlineData(4004, "AskBot:Discord:Token")]
    [InlineData(4010, "shard")]
    [InlineData(4011, "sharding")]
    [InlineData(4012, "API version")]
    [InlineData(4013, "intents")]
    [InlineData(4014, "enable the Message Content intent on the Bot page of the developer portal")]
    public async Task FatalCloseCode_StopsForGood_WithAClearMessage(int code, string expected)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var connection = await harness.Server.WaitForConnectionAsync(1, Timeout);
        await connection.WaitForFrameAsync(2, Timeout);

        await connection.CloseAsync(code);
        var error = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => harness.Run.WaitAsync(Timeout));

        Assert.Equal(code, error.CloseCode);
        Assert.Contains(code.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHarness.Token, error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Server.Connections);
        harness.AssertTokenNeverLogged();
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4005)]
    [InlineData(4008)]
    public async Task ResumableCloseCode_Resumes(int code)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        await first.CloseAsync(code);
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        var resume = await second.WaitForFrameAsync(6, Timeout);

        Assert.True(second.IsResumeUrl);
        Assert.Equal(FakeGatewayServer.SessionId, resume.String("session_id"));
        Assert.Equal(sequence, resume.D.GetProperty("seq").GetInt64());
        Assert.Single(harness.Server.FramesWithOp(2));
    }

    [Theory]
    [InlineData(4003)]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task NewSessionCloseCode_IdentifiesAgainOnTheBaseUrl(int code)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var first = await harness.ReadyAsync();
        await harness.DeliverMessageAsync("M1");

        await first.CloseAsync(code);
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        await second.WaitForFrameAsync(2, Timeout);
        var ready = await harness.NextEventAsync<ReadyEvent>();

        Assert.False(second.IsResumeUrl);
        Assert.Empty(harness.Server.FramesWithOp(6));
        Assert.Equal("sess-2", ready.Ready.SessionId);
    }

    [Fact]
    public async Task MissingReady_DropsTheConnectionAndIdentifiesAgain()
    {
        await using var harness = await GatewayHarness.StartAsync(
            configure: options => options.ReadyTimeoutSeconds = 0.3,
            configureServer: server => server.OnConnectedAsync = connection =>
            {
                connection.AutoReady = connection.Number > 1;
                return Task.CompletedTask;
            });

        await harness.NextEventAsync<ReadyEvent>();
        var first = harness.Server.Connections[0];
        await first.WaitForCloseAsync(Timeout);

        Assert.True(first.ClientClosedFirst);
        Assert.NotEqual(1000, first.ClientCloseStatus);
        Assert.Equal(2, harness.Server.FramesWithOp(2).Count);
        Assert.Equal(2, harness.Server.Connections.Count);
    }

    [Fact]
    public async Task RepeatedInstantCloses_BackOffWithGrowingGapsUpToTheCap_AndIdentifiesAreBounded()
    {
        const int maxIdentifies = 8;
        await using var harness = await GatewayHarness.StartAsync(
            configure: options =>
            {
                options.InitialReconnectDelaySeconds = 0.05;
                options.MaxReconnectDelaySeconds = 0.15;
                options.MaxIdentifiesPerRun = maxIdentifies;
            },
            configureServer: server => server.AutoReady = false);

        for (var number = 1; number <= maxIdentifies; number++)
        {
            var connection = await harness.Server.WaitForConnectionAsync(number, Timeout);
            await connection.WaitForFrameAsync(2, Timeout);
            await connection.CloseAsync(4009);
        }

        var error = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => harness.Run.WaitAsync(Timeout));
        var connections = harness.Server.Connections;
        foreach (var connection in connections)
        {
            await connection.WaitForCloseAsync(Timeout);
        }

        // The delays the client chose grow and stop at the cap (uncapped doubling would reach 1.6 s and 3.2 s), and it
        // really waited them: a wait can only run long on a busy machine, never short, so the wall-clock gaps are held
        // to tight lower bounds only (an upper bound on real time fails when other test processes load the cores).
        double[] expected = [0.05, 0.1, 0.15, 0.15, 0.15, 0.15, 0.15];
        var chosen = harness.Logger.Entries
            .Select(e => ReconnectDelay().Match(e.Message))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture) / 1000.0)
            .ToList();
        // The wait after the last allowed identify may be logged before the budget check stops the run.
        Assert.Equal(expected, chosen.Take(expected.Length));
        var gaps = connections.Zip(connections.Skip(1), (before, after) => (after.ConnectedAt - before.ClosedAt!.Value).TotalSeconds).ToList();
        Assert.Equal(expected.Length, gaps.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(gaps[i] >= expected[i] - 0.02, $"gap {i} was {gaps[i]:F3} s, shorter than the {expected[i]} s delay");
        }

        Assert.Equal(maxIdentifies, connections.Count);
        Assert.Equal(maxIdentifies, harness.Server.FramesWithOp(2).Count);
        Assert.Contains("MaxIdentifiesPerRun", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_ClosesWith1000_AndReturns()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var connection = await harness.ReadyAsync();

        await harness.CancelAsync();
        await harness.Run.WaitAsync(Timeout);
        await connection.WaitForCloseAsync(Timeout);

        Assert.True(harness.Run.IsCompletedSuccessfully);
        Assert.True(connection.ClientClosedFirst);
        Assert.Equal(1000, connection.ClientCloseStatus);
        Assert.Single(harness.Server.Connections);
        harness.AssertTokenNeverLogged();
    }

    [Fact]
    public async Task UnauthorizedGatewayBot_Propagates_WithoutConnecting()
    {
        await using var harness = await GatewayHarness.StartAsync(start: false);
        harness.Rest.Error = new DiscordUnauthorizedException();

        harness.Start();

        await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => harness.Run.WaitAsync(Timeout));
        Assert.Empty(harness.Server.Connections);
    }

    [Fact]
    public async Task NoIdentifiesLeftToday_StopsBeforeConnecting()
    {
        await using var harness = await GatewayHarness.StartAsync(start: false);
        harness.Rest.Info = harness.Server.GatewayBotInfo with { SessionStartLimit = new SessionStartLimit(1000, 0, 3_600_000) };

        harness.Start();

        var error = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => harness.Run.WaitAsync(Timeout));
        Assert.Contains("remaining is 0", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Connections);
    }

    [Fact]
    public async Task GatewayUrlWithTrailingSlash_ConnectsToTheVersionedRoot()
    {
        await using var harness = await GatewayHarness.StartAsync(start: false);
        harness.Rest.Info = harness.Server.GatewayBotInfo with { Url = harness.Server.Url + "/" };

        harness.Start();
        await harness.NextEventAsync<ReadyEvent>();

        var connection = harness.Server.Connections[0];
        Assert.Equal("/", connection.Path);
        Assert.Equal("?v=10&encoding=json", connection.Query);
    }

    [Theory]
    [InlineData("wss://gateway.discord.gg", "wss://gateway.discord.gg/?v=10&encoding=json")]
    [InlineData("wss://gateway.discord.gg/", "wss://gateway.discord.gg/?v=10&encoding=json")]
    [InlineData("wss://gateway-us-east1-b.discord.gg", "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json")]
    [InlineData("ws://127.0.0.1:5000/resume", "ws://127.0.0.1:5000/resume/?v=10&encoding=json")]
    [InlineData("https://discord.com", null)]
    [InlineData("", null)]
    public void BuildGatewayUri_AppendsVersionAndEncoding(string url, string? expected) =>
        Assert.Equal(expected, DiscordGatewayClient.BuildGatewayUri(url)?.ToString());

    [System.Text.RegularExpressions.GeneratedRegex(@"^Reconnecting in (?<ms>\d+) ms", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ReconnectDelay();
}
