using AskBot.Discord.Bot;
using AskBot.Discord.Gateway;
using AskBot.Discord.Models;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AskBot.Discord.Tests.Bot;

public sealed class DiscordBotServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ExecuteAsync_SlowAnswer_DoesNotHoldUpTheGatewayOrOtherEvents()
    {
        // Arrange: every question waits at a gate.
        var ask = new FakeAskService { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var harness = new BotHarness(ask);
        var gateway = new ScriptedGateway();
        using var lifetime = new RecordingLifetime();
        using var service = new DiscordBotService(gateway, harness.Bot, harness.WrappedOptions, lifetime, NullLogger<DiscordBotService>.Instance, new DiscordBotRunState());
        await service.StartAsync(CancellationToken.None);

        // Act
        gateway.Emit(DiscordEvents.Ready());
        for (var i = 1; i <= 20; i++)
        {
            gateway.Emit(new MessageCreatedEvent(DiscordEvents.DirectMessage($"m{i}", "Who leads ISIS-K?", channelId: $"dm{i}", author: new DiscordUser($"u{i}"))));
        }

        gateway.Emit(new InteractionCreatedEvent(DiscordEvents.Click("i1", "fb:up:unknown")));

        // Assert: all written, the click answered, while no question has been answered yet.
        await gateway.WaitForWrittenAsync(22, Timeout);
        await harness.Rest.WaitForAsync(c => c.Operation == RestOperations.InteractionResponse, Timeout);
        // Every handler has started typing, so each is at the question slots or past them.
        await WaitUntilAsync(() => harness.Rest.Of(RestOperations.TriggerTyping).Count == 20);
        await WaitUntilAsync(() => ask.Calls == harness.Options.MaxConcurrentQuestions);
        Assert.Equal(harness.Options.MaxConcurrentQuestions, ask.Calls);
        Assert.Empty(harness.Rest.Of(RestOperations.CreateMessage));

        ask.Gate.SetResult();
        await WaitUntilAsync(() => harness.Rest.Of(RestOperations.CreateMessage).Count == 20);
        await service.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.False(lifetime.StopRequested.Task.IsCompleted);
    }

    [Fact]
    public async Task ExecuteAsync_GatewayFailsFatally_RecordsTheFailureAndStopsTheApplication()
    {
        // Arrange
        using var harness = new BotHarness(new FakeAskService());
        var gateway = new ScriptedGateway();
        using var lifetime = new RecordingLifetime();
        var state = new DiscordBotRunState();
        using var service = new DiscordBotService(gateway, harness.Bot, harness.WrappedOptions, lifetime, NullLogger<DiscordBotService>.Instance, state);
        var fatal = new DiscordGatewayFatalException(4014, "Disallowed intents");

        // Act
        await service.StartAsync(CancellationToken.None);
        gateway.Emit(DiscordEvents.Ready());
        gateway.Fail(fatal);
        await lifetime.StopRequested.Task.WaitAsync(Timeout);
        await service.ExecuteTask!.WaitAsync(Timeout);

        // Assert
        Assert.Same(fatal, state.Failure);
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
        await service.StopAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task StopAsync_AnswerStillRunning_WaitsOnlyTheGracePeriod()
    {
        // Arrange: a question that never finishes on its own.
        var ask = new FakeAskService { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var harness = new BotHarness(ask);
        var gateway = new ScriptedGateway();
        using var lifetime = new RecordingLifetime();
        var state = new DiscordBotRunState();
        using var service = new DiscordBotService(gateway, harness.Bot, harness.WrappedOptions, lifetime, NullLogger<DiscordBotService>.Instance, state)
        {
            ShutdownGracePeriod = TimeSpan.FromMilliseconds(200),
        };
        await service.StartAsync(CancellationToken.None);
        gateway.Emit(DiscordEvents.Ready());
        gateway.Emit(new MessageCreatedEvent(DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?")));
        await WaitUntilAsync(() => ask.Calls == 1);

        // Act
        await service.StopAsync(CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Null(state.Failure);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(harness.Rest.Of(RestOperations.CreateMessage));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
