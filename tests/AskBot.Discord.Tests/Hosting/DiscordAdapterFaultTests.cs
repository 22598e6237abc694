using System.Globalization;
using System.Text;
using AskBot.Core.Telemetry;
using AskBot.Discord.Bot;
using AskBot.Discord.Tests.Fakes;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AskBot.Discord.Tests.Hosting;

/// <summary>
/// Faults of Discord met by the whole bot (fake gateway and REST over loopback, the real pipeline on the seeds): the
/// question in flight still gets exactly one reply, and the next question is answered. Frame-level faults of the
/// gateway alone are in DiscordGatewayClientFaultTests.
/// </summary>
[Collection(SeedsCollection.Name)]
public sealed class DiscordAdapterFaultTests(SeedsFixture seeds)
{
    private const string ChannelId = "222";
    private const string Question = "Who leads ISIS-K?";
    private static readonly TimeSpan Timeout = DiscordAdapterHost.StepTimeout;

    [Fact]
    public async Task AnswerPostFailingWith503_IsRetried_AndAnsweredOnce_ThenTheNextQuestionIsAnswered()
    {
        await using var host = await DiscordAdapterHost.StartAsync(seeds.IndexCachePath);
        host.Rest.Enqueue("POST", "/channels/5001/messages", FakeDiscordRestResponse.Error(503, 0, "upstream connect error"));

        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", Mention("5001"));
        await host.Rest.WaitForRequestsAsync(r => IsAnswerIn(r, "5001"), 2, Timeout);
        await AskAndAwaitAnswerAsync(host, "5002");
        await host.StopAsync();

        // The first post met the 503; the retry is the one answer.
        Assert.Equal(2, host.Rest.Requests.Count(r => IsAnswerIn(r, "5001")));
        Assert.DoesNotContain(host.Rest.Requests, r => r.Body.Contains(DiscordBot.SorryText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerPostFailingPastEveryRetry_GetsAnApologyInsteadOfSilence_ThenTheNextQuestionIsAnswered()
    {
        await using var host = await DiscordAdapterHost.StartAsync(seeds.IndexCachePath, new Dictionary<string, string?> { ["MaxRetries"] = "1" });
        host.Rest.Enqueue("POST", "/channels/5101/messages", FakeDiscordRestResponse.Error(503, 0, "upstream connect error"));
        host.Rest.Enqueue("POST", "/channels/5101/messages", FakeDiscordRestResponse.Error(503, 0, "upstream connect error"));

        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", Mention("5101"));
        var apology = await host.Rest.WaitForRequestAsync(
            r => r.Is("POST", "/channels/5101/messages") && r.Body.Contains(DiscordBot.SorryText, StringComparison.Ordinal),
            Timeout);
        await AskAndAwaitAnswerAsync(host, "5102");
        await host.StopAsync();

        Assert.NotNull(apology);
        Assert.Equal(3, host.Rest.RequestsTo("POST", "/channels/5101/messages").Count);
    }

    [Fact]
    public async Task GlobalRateLimitOnTheAnswer_PausesThenAnswersOnce_IsCountedAsAGlobalWait_ThenTheNextQuestionIsAnswered()
    {
        await using var host = await DiscordAdapterHost.StartAsync(seeds.IndexCachePath);
        using var waits = Collector(host, "askbot.ratelimit.waits");
        host.Rest.Enqueue("POST", "/channels/5201/messages", FakeDiscordRestResponse.RateLimited(0.05, global: true));

        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", Mention("5201"));
        var posts = await host.Rest.WaitForRequestsAsync(r => IsAnswerIn(r, "5201"), 2, Timeout);
        await AskAndAwaitAnswerAsync(host, "5202");
        await host.StopAsync();

        Assert.Equal(2, host.Rest.Requests.Count(r => IsAnswerIn(r, "5201")));
        Assert.True(posts[1].Timestamp - posts[0].Timestamp >= TimeSpan.FromMilliseconds(40), "the retry waited for retry_after");
        Assert.Contains(waits.GetMeasurementSnapshot(), m => Equals(m.Tags["askbot.ratelimit.scope"], "discord-global"));
    }

    [Fact]
    public async Task ZombieConnection_IsDroppedAndResumed_AQuestionAskedMeanwhileIsAnsweredOnce_AndARedeliveryIsNotAnsweredAgain()
    {
        await using var host = await DiscordAdapterHost.StartAsync(seeds.IndexCachePath, configureGateway: gateway =>
        {
            gateway.HeartbeatIntervalMs = 100;
            gateway.ResumeReplayOverlap = 5; // the resume also replays events the bot already handled
        });
        using var reconnects = Collector(host, "askbot.gateway.reconnects");
        await AskAndAwaitAnswerAsync(host, "5301");

        // The server stops acknowledging heartbeats; a question is asked while the bot notices.
        var first = host.Gateway.Current!;
        first.AckHeartbeats = false;
        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", Mention("5302"));
        var second = await host.Gateway.WaitForConnectionAsync(2, Timeout);
        await second.WaitForReadyAsync(Timeout);
        await host.Rest.WaitForRequestAsync(r => IsAnswerIn(r, "5302"), Timeout);

        // Discord may deliver an event again after a resume, with a new sequence number.
        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", Mention("5301"));
        await AskAndAwaitAnswerAsync(host, "5303");
        await host.StopAsync();

        Assert.True(second.IsResumeUrl);
        Assert.Single(host.Gateway.FramesWithOp(2));
        Assert.Single(host.Rest.Requests, r => IsAnswerIn(r, "5301"));
        Assert.Single(host.Rest.Requests, r => IsAnswerIn(r, "5302"));
        Assert.Contains(reconnects.GetMeasurementSnapshot(), m => Equals(m.Tags["askbot.reason"], "zombie"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectionEndingInTheMiddleOfAQuestion_Resumes_AndTheQuestionIsAnsweredOnce_ThenTheNextOne(bool abort)
    {
        await using var host = await DiscordAdapterHost.StartAsync(seeds.IndexCachePath);
        await AskAndAwaitAnswerAsync(host, "5401");

        // The question's dispatch is cut off halfway; Discord still holds it for the resume.
        var first = host.Gateway.Current!;
        var sequence = host.Gateway.KeepForReplay("MESSAGE_CREATE", Mention("5402"));
        var part = Encoding.UTF8.GetBytes(
            "{\"op\":0,\"s\":" + sequence.ToString(CultureInfo.InvariantCulture) + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"5402\",\"content\":\"<@BOT_ID> Who le");
        await first.SendRawAsync(part, endOfMessage: false);
        if (abort)
        {
            first.Abort();
        }
        else
        {
            await first.CloseAsync(4000);
        }

        await host.Rest.WaitForRequestAsync(r => IsAnswerIn(r, "5402"), Timeout);
        await AskAndAwaitAnswerAsync(host, "5403");
        await host.StopAsync();

        Assert.Single(host.Rest.Requests, r => IsAnswerIn(r, "5401"));
        Assert.Single(host.Rest.Requests, r => IsAnswerIn(r, "5402"));
        Assert.True(host.Gateway.Connections[1].IsResumeUrl);
    }

    private static MetricCollector<long> Collector(DiscordAdapterHost host, string instrument)
    {
        // Resolving the telemetry first makes sure the instrument exists on the host's own meter.
        _ = host.Services.GetRequiredService<AskBotTelemetry>();
        return new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), AskBotTelemetry.Name, instrument);
    }

    private static async Task AskAndAwaitAnswerAsync(DiscordAdapterHost host, string id)
    {
        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", Mention(id));
        await host.Rest.WaitForRequestAsync(r => IsAnswerIn(r, id), Timeout);
    }

    // An answer (it carries the feedback buttons) posted in the thread started from message `id`.
    private static bool IsAnswerIn(FakeDiscordRestRequest request, string id) =>
        request.Is("POST", $"/channels/{id}/messages") && request.Body.Contains("\"components\"", StringComparison.Ordinal);

    private static object Mention(string id) => new
    {
        id,
        channel_id = ChannelId,
        guild_id = "111",
        channel_type = 0,
        type = 0,
        content = $"<@{FakeGatewayServer.BotUserId}> {Question}",
        author = new { id = "333", username = "reader" },
        mentions = new[] { new { id = FakeGatewayServer.BotUserId, username = FakeGatewayServer.BotUsername } },
    };
}
