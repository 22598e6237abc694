using AskBot.Core.Indexing;
using Microsoft.Extensions.Logging;

namespace AskBot.Cli.Commands;

/// <summary>Surfaces the files ingestion skipped, so a user sees why a document is missing from answers.</summary>
public static partial class IndexWarnings
{
    /// <summary>Logs the skipped files of an index loaded from the cache.</summary>
    public static void Report(CorpusIndexInfo index, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(index);

        // A fresh build logs each skipped file as ingestion meets it; a cached load replays nothing, so the CLI
        // repeats the recorded warnings and every run says why a file is missing.
        if (!index.LoadedFromCache)
        {
            return;
        }

        foreach (var warning in index.Warnings)
        {
            LogSkipped(logger, warning);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{IngestionWarning}")]
    private static partial void LogSkipped(ILogger logger, string ingestionWarning);
}
