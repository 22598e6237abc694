namespace AskBot.Providers.OpenAI.Http;

/// <summary>
/// Waits between retries of a provider request. Registered as a singleton by
/// <see cref="OpenAIProviderServiceCollectionExtensions.AddAskBotOpenAIProviders"/>; tests replace it so that
/// retries (and Retry-After waits) run without sleeping.
/// </summary>
public sealed class ProviderRetryDelay
{
    private readonly Func<TimeSpan, CancellationToken, Task> delayAsync;

    /// <summary>Creates a delay that calls <paramref name="delayAsync"/>.</summary>
    public ProviderRetryDelay(Func<TimeSpan, CancellationToken, Task> delayAsync)
    {
        ArgumentNullException.ThrowIfNull(delayAsync);
        this.delayAsync = delayAsync;
    }

    /// <summary>Real time: <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
    public static ProviderRetryDelay RealTime { get; } = new((delay, cancellationToken) => Task.Delay(delay, cancellationToken));

    /// <summary>Waits <paramref name="delay"/>.</summary>
    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => this.delayAsync(delay, cancellationToken);
}
