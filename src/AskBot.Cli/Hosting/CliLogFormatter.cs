using AskBot.Cli.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace AskBot.Cli.Hosting;

/// <summary>
/// One line per log entry (<c>warning: message</c>) on stderr. Exception stack traces are written only for Debug
/// and Trace entries, so a user error never shows one unless diagnostics were asked for.
/// </summary>
public sealed class CliLogFormatter : ConsoleFormatter
{
    /// <summary>Name the console logger selects this formatter by.</summary>
    public const string FormatterName = "askbot";

    public CliLogFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        var exception = logEntry.Exception;
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return;
        }

        textWriter.Write(Label(logEntry.LogLevel));
        textWriter.Write(": ");
        if (logEntry.LogLevel < LogLevel.Warning)
        {
            textWriter.Write('[');
            textWriter.Write(logEntry.Category);
            textWriter.Write("] ");
        }

        textWriter.Write(TextSanitizer.SingleLine(message));
        if (exception is not null)
        {
            textWriter.Write($" ({exception.GetType().Name}: {TextSanitizer.SingleLine(exception.Message)})");
            if (logEntry.LogLevel <= LogLevel.Debug)
            {
                textWriter.WriteLine();
                textWriter.Write(exception.ToString());
            }
        }

        textWriter.WriteLine();
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "log",
    };
}
