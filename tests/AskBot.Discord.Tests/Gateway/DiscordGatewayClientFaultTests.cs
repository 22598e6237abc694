using System.ComponentModel.DataAnnotations;
using System.Net.WebSockets;
using System.Text;
using AskBot.Discord.Gateway;
using AskBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Gateway;

/// <summary>Bad frames from the gateway: each costs the connection at most, never the bot.</summary>
public sealed class DiscordGatewayClientFaultTests
{
    // Put into every injected frame, so a test can check the log never quotes a payload.
    private const string Marker = "PAYLOAD-CONTENTS-7f3a";

    private const int SmallCap = 64 * 1024;

    private static readonly TimeSpan Timeout = GatewayHarness.Timeout;

    [Theory]
    [InlineData("truncated-json", "invalid or truncated JSON")]
    [InlineData("not-json", "invalid or truncated JSON")]
    [InlineData("json-array", "JSON Array instead of an object")]
    [InlineData("missing-op", "payload without an integer op")]
    [InlineData("string-op", "payload without an integer op")]
    [InlineData("dispatch-missing-d", "dispatch without d")]
    [InlineData("dispatch-missing-s", "dispatch without an integer s")]
    [InlineData("hello-missing-d", "Hello without a usable heartbeat_interval")]
    [InlineData("hello-missing-heartbeat-interval", "Hello without a usable heartbeat_interval")]
    [InlineData("hello-zero-heartbeat-interval", "Hello without a usable heartbeat_interval")]
    [InlineData("unreadable-ready", "unreadable READY")]
    [InlineData("binary-frame", "binary message")]
    [InlineData("oversized-message", "message over 65536 bytes")]
    public async Task BadFrame_IsLoggedWithoutItsContents_ThenTheClientResumes_AndDeliversTheNextMessageOnce(string fault, string logged)
    {
        await using var harness = await StartAsync();
        using var reconnects = new MetricCollector<long>(harness.MeterFactory, "AskBot", "askbot.gateway.reconnects");
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        await InjectAsync(first, fault);
        await ResumedAsync(harness, sequence);
        await first.WaitForCloseAsync(Timeout);

        Assert.True(first.ClientClosedFirst);
        Assert.NotEqual(1000, first.ClientCloseStatus);
        Assert.NotEqual(1001, first.ClientCloseStatus);
        var warning = Assert.Single(harness.Logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("bad frame", StringComparison.Ordinal));
        Assert.Contains(logged, warning.Message, StringComparison.Ordinal);
        AssertNothingLeaked(harness);
        Assert.Equal(2, harness.Server.Connections.Count);
        var reconnect = Assert.Single(reconnects.GetMeasurementSnapshot());
        Assert.Equal("malformed-frame", reconnect.Tags["askbot.reason"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectionEndingInTheMiddleOfAFragmentedMessage_Resumes_AndDeliversTheNextMessageOnce(bool abort)
    {
        await using var harness = await StartAsync();
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        var part = Encoding.UTF8.GetBytes("{\"op\":0,\"s\":3,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"M9\",\"content\":\"" + Marker);
        await first.SendRawAsync(part, endOfMessage: false);
        if (abort)
        {
            first.Abort();
        }
        else
        {
            await first.CloseAsync(4000);
        }

        await ResumedAsync(harness, sequence);

        AssertNothingLeaked(harness);
    }

    [Theory]
    [InlineData("{\"op\":42,\"d\":{\"note\":\"" + Marker + "\"}}")]
    [InlineData("{\"op\":5}")]
    [InlineData("{\"op\":2,\"d\":null,\"s\":null,\"t\":null}")]
    public async Task UnknownOpcode_IsIgnoredWithADebugLine_AndTheConnectionStays(string payload)
    {
        await using var harness = await StartAsync();
        var first = await harness.ReadyAsync();
        await harness.DeliverMessageAsync("M1");

        await first.SendTextAsync(payload);
        await harness.DeliverMessageAsync("M2");

        Assert.Single(harness.Server.Connections);
        Assert.True(first.IsOpen);
        Assert.Contains(harness.Logger.Entries, entry => entry.Level == LogLevel.Debug && entry.Message.Contains("unknown op", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logger.Entries, entry => entry.Level >= LogLevel.Warning);
        AssertNothingLeaked(harness);
    }

    [Fact]
    public async Task BadFrameBeforeHello_OnAFreshStart_ReconnectsAndIdentifies()
    {
        await using var harness = await StartAsync(server => server.OnConnectedAsync = connection =>
            connection.Number == 1 ? connection.SendTextAsync("{\"d\":\"" + Marker + "\"") : Task.CompletedTask);

        await harness.NextEventAsync<ReadyEvent>();
        await harness.Server.Connections[1].WaitForReadyAsync(Timeout);
        await harness.DeliverMessageAsync("M1");

        Assert.Empty(harness.Server.Connections[0].Frames);
        Assert.False(harness.Server.Connections[1].IsResumeUrl);
        Assert.Single(harness.Server.FramesWithOp(2));
        AssertNothingLeaked(harness);
    }

    [Fact]
    public async Task RepeatedBadFrames_KeepResuming_WithTheSameSession()
    {
        await using var harness = await StartAsync();
        var first = await harness.ReadyAsync();
        var sequence = await harness.DeliverMessageAsync("M1");

        var current = first;
        for (var round = 2; round <= 4; round++)
        {
            await current.SendTextAsync("{\"op\":0,\"s\":");
            current = await harness.Server.WaitForConnectionAsync(round, Timeout);
            var resume = await current.WaitForFrameAsync(6, Timeout);
            // Each RESUMED carries a newer sequence, so later resumes start after it.
            Assert.True(resume.D.GetProperty("seq").GetInt64() >= sequence);
            await current.WaitForReadyAsync(Timeout);
        }

        await harness.DeliverMessageAsync("M2");
        Assert.Single(harness.Server.FramesWithOp(2));
        Assert.All(harness.Server.FramesWithOp(6), frame => Assert.Equal(FakeGatewayServer.SessionId, frame.String("session_id")));
    }

    [Theory]
    [InlineData(65_535, false)]
    [InlineData(65_536, true)]
    [InlineData(4 * 1024 * 1024, true)]
    [InlineData(1_073_741_824, true)]
    [InlineData(1_073_741_825, false)]
    public void MaxGatewayMessageBytes_IsRangeChecked(int value, bool valid)
    {
        var options = new DiscordOptions { MaxGatewayMessageBytes = value };
        var results = new List<ValidationResult>();

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(4 * 1024 * 1024, new DiscordOptions().MaxGatewayMessageBytes);
    }

    private static Task<GatewayHarness> StartAsync(Action<FakeGatewayServer>? configureServer = null) =>
        GatewayHarness.StartAsync(
            configure: options => options.MaxGatewayMessageBytes = SmallCap,
            configureServer: server =>
            {
                // Replays the last delivered dispatch again on resume, so each test also proves it is not delivered twice.
                server.ResumeReplayOverlap = 1;
                configureServer?.Invoke(server);
            });

    /// <summary>
    /// Waits for the resume on connection #2 with the session and <paramref name="sequence"/>, then checks that the
    /// next MESSAGE_CREATE (not the replayed one) is what the bot gets.
    /// </summary>
    private static async Task<FakeGatewayConnection> ResumedAsync(GatewayHarness harness, long sequence)
    {
        var second = await harness.Server.WaitForConnectionAsync(2, Timeout);
        var resume = await second.WaitForFrameAsync(6, Timeout);
        await second.WaitForReadyAsync(Timeout);
        await harness.DeliverMessageAsync("M2");

        Assert.True(second.IsResumeUrl);
        Assert.Equal(GatewayHarness.Token, resume.String("token"));
        Assert.Equal(FakeGatewayServer.SessionId, resume.String("session_id"));
        Assert.Equal(sequence, resume.D.GetProperty("seq").GetInt64());
        Assert.Single(harness.Server.FramesWithOp(2));
        Assert.False(harness.Events.Reader.TryRead(out _));
        return second;
    }

    private static void AssertNothingLeaked(GatewayHarness harness)
    {
        harness.AssertTokenNeverLogged();
        Assert.DoesNotContain(harness.Logger.Entries, entry => entry.Message.Contains(Marker, StringComparison.Ordinal));
    }

    private static Task InjectAsync(FakeGatewayConnection connection, string fault) => fault switch
    {
        "truncated-json" => connection.SendTextAsync("{\"op\":0,\"s\":3,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"" + Marker + "\",\"cont"),
        "not-json" => connection.SendTextAsync(Marker + " is not JSON"),
        "json-array" => connection.SendTextAsync("[\"" + Marker + "\"]"),
        "missing-op" => connection.SendTextAsync("{\"d\":{\"heartbeat_interval\":1000,\"note\":\"" + Marker + "\"},\"s\":null,\"t\":null}"),
        "string-op" => connection.SendTextAsync("{\"op\":\"" + Marker + "\",\"d\":null}"),
        "dispatch-missing-d" => connection.SendTextAsync("{\"op\":0,\"s\":3,\"t\":\"MESSAGE_CREATE\"}"),
        "dispatch-missing-s" => connection.SendTextAsync("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"" + Marker + "\"}}"),
        "hello-missing-d" => connection.SendTextAsync("{\"op\":10}"),
        "hello-missing-heartbeat-interval" => connection.SendTextAsync("{\"op\":10,\"d\":{\"note\":\"" + Marker + "\"}}"),
        "hello-zero-heartbeat-interval" => connection.SendTextAsync("{\"op\":10,\"d\":{\"heartbeat_interval\":0}}"),
        "unreadable-ready" => connection.SendTextAsync("{\"op\":0,\"s\":3,\"t\":\"READY\",\"d\":{\"session_id\":\"" + Marker + "\"}}"),
        "binary-frame" => connection.SendRawAsync(Encoding.UTF8.GetBytes("{\"op\":11,\"note\":\"" + Marker + "\"}"), WebSocketMessageType.Binary),
        "oversized-message" => connection.SendRawAsync(Encoding.UTF8.GetBytes(
            "{\"op\":0,\"s\":3,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"M9\",\"content\":\"" + Marker + new string('x', SmallCap) + "\"}}")),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault."),
    };
}
