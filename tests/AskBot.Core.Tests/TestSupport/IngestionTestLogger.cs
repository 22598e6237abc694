using Microsoft.Extensions.Logging;

namespace AskBot.Core.Tests.TestSupport;

/// <summary>Records log entries (level, formatted message, structured values) so tests can check what ingestion logged.</summary>
public sealed class IngestionTestLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries => this.entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        this.entries.Add((logLevel, formatter(state, exception), values));
    }
}
