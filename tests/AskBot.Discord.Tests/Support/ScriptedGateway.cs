using System.Threading.Channels;
using AskBot.Discord.Gateway;

namespace AskBot.Discord.Tests.Support;

/// <summary>
/// An <see cref="IDiscordGateway"/> fed by the test: each <see cref="Emit"/> is written to the bot's channel in order,
/// <see cref="Fail"/> makes <see cref="RunAsync"/> throw. <see cref="Written"/> counts events the writer accepted.
/// </summary>
public sealed class ScriptedGateway : IDiscordGateway
{
    private readonly Channel<Func<ChannelWriter<GatewayEvent>, CancellationToken, Task>> script = Channel.CreateUnbounded<Func<ChannelWriter<GatewayEvent>, CancellationToken, Task>>();
    private int written;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Written => Volatile.Read(ref this.written);

    public void Emit(GatewayEvent gatewayEvent)
        => this.script.Writer.TryWrite(async (writer, ct) =>
        {
            await writer.WriteAsync(gatewayEvent, ct);
            Interlocked.Increment(ref this.written);
        });

    public void Fail(Exception exception)
        => this.script.Writer.TryWrite((_, _) => Task.FromException(exception));

    public async Task RunAsync(ChannelWriter<GatewayEvent> events, CancellationToken cancellationToken)
    {
        this.Started.TrySetResult();
        await foreach (var step in this.script.Reader.ReadAllAsync(cancellationToken))
        {
            await step(events, cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="count"/> events have been written.</summary>
    public async Task WaitForWrittenAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (this.Written < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {this.Written} of {count} events were written.");
            }

            await Task.Delay(10);
        }
    }
}
