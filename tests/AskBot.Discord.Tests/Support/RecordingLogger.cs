using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Support;

/// <summary>Keeps every formatted log line, and lets a test wait for one.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<(LogLevel Level, string Message)> entries = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Signal)> waiters = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (this.gate)
            {
                return [.. this.entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception) + (exception is null ? string.Empty : " " + exception);
        lock (this.gate)
        {
            this.entries.Add((logLevel, message));
            foreach (var waiter in this.waiters.Where(waiter => waiter.Match(message)).ToList())
            {
                this.waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    /// <summary>Completes once a line containing <paramref name="text"/> has been logged.</summary>
    public Task WaitForAsync(string text, TimeSpan timeout)
    {
        bool Match(string message) => message.Contains(text, StringComparison.Ordinal);
        lock (this.gate)
        {
            if (this.entries.Any(entry => Match(entry.Message)))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            this.waiters.Add((Match, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }
}
