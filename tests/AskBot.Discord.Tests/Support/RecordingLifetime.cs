using Microsoft.Extensions.Hosting;

namespace AskBot.Discord.Tests.Support;

/// <summary>An <see cref="IHostApplicationLifetime"/> that records <see cref="StopApplication"/>.</summary>
public sealed class RecordingLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource stopping = new();

    public TaskCompletionSource StopRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => this.stopping.Token;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication() => this.StopRequested.TrySetResult();

    public void Dispose() => this.stopping.Dispose();
}
