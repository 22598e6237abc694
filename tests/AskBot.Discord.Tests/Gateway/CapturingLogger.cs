using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Gateway;

/// <summary>Keeps every formatted log line (with its exception text) so tests can search them.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<(LogLevel Level, string Text)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Text)> Entries
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
        var text = formatter(state, exception) + (exception is null ? string.Empty : " " + exception);
        lock (this.gate)
        {
            this.entries.Add((logLevel, text));
        }
    }
}
