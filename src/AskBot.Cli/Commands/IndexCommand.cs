using System.CommandLine;
using System.Globalization;
using System.Text;
using AskBot.Cli.Errors;
using AskBot.Cli.Output;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary><c>askbot index [--rebuild] [--config FILE]</c>.</summary>
public static class IndexCommand
{
    public static RootCommand AddIndexCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        var rebuild = new Option<bool>("--rebuild") { Description = "Build the index from the corpus even if the cache is up to date." };
        var config = CommandLineExtensions.CreateConfigOption();
        var command = new Command("index", "Build (or load) the corpus index, save it, and print statistics.") { rebuild, config };
        command.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync<IndexCommandHandler>(
            console,
            parseResult.GetValue(config),
            (handler, ct) => handler.RunAsync(parseResult.GetValue(rebuild), ct),
            cancellationToken));
        root.Subcommands.Add(command);
        return root;
    }
}

/// <summary>Builds or loads the index and prints its statistics.</summary>
public sealed class IndexCommandHandler(
    ICorpusIndexProvider indexProvider,
    IOptions<CorpusOptions> corpusOptions,
    CliConsole console,
    ILogger<IndexCommandHandler> logger)
{
    public async Task<int> RunAsync(bool rebuild, CancellationToken cancellationToken)
    {
        // Progress redraws a line in place: useful on a terminal, noise in a log or a pipe.
        var progress = console.IsOutputTerminal && console.IsErrorTerminal ? new TerminalIndexProgress(console.Error) : null;
        CorpusIndexInfo index;
        try
        {
            var task = rebuild
                ? indexProvider.RebuildAsync(progress, cancellationToken)
                : indexProvider.EnsureLoadedAsync(progress, cancellationToken);
            index = await task.WaitAsync(cancellationToken);
        }
        finally
        {
            progress?.Clear();
        }

        IndexWarnings.Report(index, logger);
        await console.Out.WriteAsync(Statistics(index, Path.GetFullPath(corpusOptions.Value.IndexCachePath)));
        await console.Out.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>The statistics block, one <c>Label: value</c> per line.</summary>
    public static string Statistics(CorpusIndexInfo index, string cachePath)
    {
        ArgumentNullException.ThrowIfNull(index);
        var statistics = index.Statistics;
        var rows = new (string Label, string Value)[]
        {
            ("Files", Number(statistics.Files)),
            ("By format", string.Join(", ", index.Formats.Select(f => f.Key + " " + Number(f.Value)))),
            ("Files skipped", Number(statistics.FilesSkipped)),
            ("Articles", Number(statistics.Articles)),
            ("Chunks", Number(statistics.Chunks)),
            ("Duplicates dropped", Number(statistics.DuplicatesDropped)),
            ("Boilerplate lines dropped", Number(statistics.BoilerplateLinesDropped)),
            ("Chunk vectors", Number(index.Embeddings.Chunks)),
            ("Sentence vectors", Number(index.Embeddings.Sentences)),
            ("Vectors reused", Number(index.Embeddings.Reused)),
            ("Inputs truncated", Number(index.Embeddings.Truncated)),
            ("From cache", index.LoadedFromCache ? "yes" : "no"),
            ("Elapsed", index.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"),
            // A path shown after a failed write reads as if the next start would be fast; it would not.
            index.CacheWriteError is { } error
                ? ("Cache", $"not written ({TextSanitizer.SingleLine(error)})")
                : ("Cache path", TextSanitizer.SingleLine(cachePath)),
        };
        var width = rows.Max(row => row.Label.Length) + 1;
        var builder = new StringBuilder();
        foreach (var (label, value) in rows)
        {
            builder.Append((label + ":").PadRight(width + 1)).Append(value).Append('\n');
        }

        // The warnings went to stderr as they happened; the report names the skipped files again, with why.
        foreach (var warning in index.Warnings)
        {
            builder.Append(TextSanitizer.SingleLine(warning)).Append('\n');
        }

        return builder.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Redraws one status line on a terminal; a stage that takes a while (embedding a large corpus) also shows its rate and
/// the time left at that rate. Synchronous on purpose: <see cref="Progress{T}"/> would post reports late and out of order.
/// </summary>
public sealed class TerminalIndexProgress(TextWriter terminal, TimeProvider? time = null) : IProgress<IndexProgress>
{
    // A rate over less than this is noise (the first batch includes loading the model).
    private static readonly TimeSpan MinimumRateWindow = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private int lastLength;
    private string? stage;
    private long stageStarted;
    private int stageStartDone;

    public void Report(IndexProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = value.Total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"indexing: {TextSanitizer.SingleLine(value.Stage)} {value.Done}/{value.Total}")
            : string.Create(CultureInfo.InvariantCulture, $"indexing: {TextSanitizer.SingleLine(value.Stage)} {value.Done}");
        lock (this.gate)
        {
            if (!string.Equals(value.Stage, this.stage, StringComparison.Ordinal))
            {
                // Work done before the stage started here (vectors reused from a cache or checkpoint) is not rate.
                this.stage = value.Stage;
                this.stageStarted = this.clock.GetTimestamp();
                this.stageStartDone = value.Done;
            }

            line += this.RateAndEta(value);
            terminal.Write('\r' + line.PadRight(this.lastLength));
            terminal.Flush();
            this.lastLength = line.Length;
        }
    }

    private string RateAndEta(IndexProgress value)
    {
        var elapsed = this.clock.GetElapsedTime(this.stageStarted);
        var done = value.Done - this.stageStartDone;
        if (value.Total <= 0 || done <= 0 || elapsed < MinimumRateWindow || value.Done >= value.Total)
        {
            return string.Empty;
        }

        var rate = done / elapsed.TotalSeconds;
        var left = TimeSpan.FromSeconds((value.Total - value.Done) / rate);
        var eta = left.TotalHours >= 1 ? left.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : left.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $" ({rate:0.#}/s, about {eta} left)");
    }

    /// <summary>Erases the status line.</summary>
    public void Clear()
    {
        lock (this.gate)
        {
            if (this.lastLength > 0)
            {
                terminal.Write('\r' + new string(' ', this.lastLength) + '\r');
                terminal.Flush();
                this.lastLength = 0;
            }
        }
    }
}
