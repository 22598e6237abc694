using System.CommandLine;
using System.Globalization;
using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using AskBot.Cli.Output;
using AskBot.Core.Configuration;
using AskBot.Core.Evaluation;
using AskBot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary>
/// <c>askbot eval [--set FILE] [--json FILE] [--html FILE] [--baseline FILE] [--retriever MODE] [--threshold METRIC=VALUE]... [--config FILE]</c>.
/// </summary>
public static class EvalCommand
{
    public static RootCommand AddEvalCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        var set = new Option<string?>("--set")
        {
            Description = "Question set (JSON Lines) to run; default AskBot:Eval:QuestionSet.",
            HelpName = "FILE",
        };
        var json = new Option<string?>("--json") { Description = "Also write the full report as JSON to this file.", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report to this file.", HelpName = "FILE" };
        var baseline = new Option<string?>("--baseline")
        {
            Description = "JSON report of an earlier run: show metric deltas and the questions that flipped.",
            HelpName = "FILE",
        };
        var retriever = new Option<string?>("--retriever")
        {
            Description = "Retrieval mode for this run (overrides AskBot:Retrieval:Mode).",
            HelpName = string.Join('|', EvalArguments.RetrieverNames),
        };
        retriever.CompletionSources.Add([.. EvalArguments.RetrieverNames]);
        var answerer = new Option<string?>("--answerer")
        {
            Description = "Offline answerer for this run instead of AskBot:Chat:Provider: reader (the default offline answerer) or top-sentence (the best BM25 sentence, never refusing).",
            HelpName = string.Join('|', EvalArguments.AnswererNames.Keys),
        };
        var peer = new Option<string?>("--peer")
        {
            Description = "Also run this offline answerer on the same questions and report its answerAccuracy and the gain over it (answerAccuracyGain).",
            HelpName = string.Join('|', EvalArguments.AnswererNames.Keys),
        };
        var threshold = new Option<string[]>("--threshold")
        {
            Description = "Override one threshold of AskBot:Eval:Thresholds, e.g. answerAccuracy=0.8 (repeatable).",
            HelpName = "METRIC=VALUE",
        };
        var config = CommandLineExtensions.CreateConfigOption();
        var command = new Command("eval", "Run a question set through the pipeline, score it, and check the thresholds (exit 1 when one is missed).")
        {
            set, json, html, baseline, retriever, answerer, peer, threshold, config,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            EvalRequest request;
            try
            {
                request = EvalArguments.Parse(
                    parseResult.GetValue(set),
                    parseResult.GetValue(json),
                    parseResult.GetValue(html),
                    parseResult.GetValue(baseline),
                    parseResult.GetValue(retriever),
                    parseResult.GetValue(threshold)) with
                {
                    Answerer = parseResult.GetValue(answerer) is { } a ? EvalArguments.ParseAnswerer(a, "--answerer") : null,
                    Peer = parseResult.GetValue(peer) is { } p ? EvalArguments.ParseAnswerer(p, "--peer") : null,
                };
            }
            catch (CliUsageException usage)
            {
                await console.Error.WriteLineAsync(usage.Message);
                return ExitCodes.Usage;
            }

            return await CliRunner.RunAsync(
                console,
                parseResult.GetValue(config),
                request.SettingOverrides,
                (services, ct) => services.GetRequiredService<EvalCommandHandler>().RunAsync(request, parseResult.GetValue(config), ct),
                cancellationToken);
        });
        root.Subcommands.Add(command);
        return root;
    }
}

/// <summary>
/// Reads the question set (and baseline) first, so bad input fails before anything is asked; then runs the set,
/// prints the tables, writes the reports asked for, and turns the threshold verdict into the exit code.
/// </summary>
public sealed class EvalCommandHandler(
    QuestionSetReader questionSetReader,
    EvaluationRunner runner,
    EvaluationJsonWriter jsonWriter,
    EvaluationHtmlWriter htmlWriter,
    ICorpusIndexProvider indexProvider,
    IOptions<EvalOptions> evalOptions,
    IOptions<RetrievalOptions> retrievalOptions,
    CliConsole console,
    ILogger<EvalCommandHandler> logger)
{
    public async Task<int> RunAsync(EvalRequest request, FileInfo? configFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var thresholds = Thresholds(evalOptions.Value.Thresholds, request.ThresholdOverrides);
        var setPath = request.QuestionSet ?? evalOptions.Value.QuestionSet;
        if (string.IsNullOrWhiteSpace(setPath))
        {
            throw new CliUsageException($"error: invalid setting {EvalOptions.SectionName}:QuestionSet: must not be empty");
        }

        var questions = await this.ReadQuestionSetAsync(setPath, cancellationToken);
        var baseline = request.Baseline is null ? null : await ReadBaselineAsync(request.Baseline, cancellationToken);

        // A run can take minutes; a report path that cannot be written must fail before it, not after.
        foreach (var reportPath in new[] { request.JsonReport, request.HtmlReport })
        {
            if (reportPath is not null)
            {
                EnsureWritable(reportPath);
            }
        }

        // Progress redraws a line in place on stderr: useful on a terminal, noise in a log or a pipe.
        var indexProgress = console.IsErrorTerminal ? new TerminalIndexProgress(console.Error) : null;
        CorpusIndexInfo index;
        try
        {
            index = await indexProvider.EnsureLoadedAsync(indexProgress, cancellationToken).WaitAsync(cancellationToken);
        }
        finally
        {
            indexProgress?.Clear();
        }

        IndexWarnings.Report(index, logger);
        var progress = console.IsErrorTerminal ? new TerminalEvalProgress(console.Error, questions.Count) : null;
        EvaluationReport report;
        try
        {
            report = await runner
                .RunAsync(setPath, questions, retrievalOptions.Value.Mode.ToString(), progress, cancellationToken)
                .WaitAsync(cancellationToken);
        }
        finally
        {
            progress?.Clear();
        }

        if (request.Peer is { } peerAnswerer)
        {
            report = await this.WithPeerAsync(report, setPath, questions, request, peerAnswerer, configFile, cancellationToken);
        }

        var results = ThresholdCheck.Evaluate(report.Summary, thresholds);
        var diff = baseline is null ? null : BaselineComparison.Compare(report, baseline);
        await console.Out.WriteAsync(EvaluationRenderer.Report(report, results));
        if (diff is not null)
        {
            await console.Out.WriteAsync('\n' + EvaluationRenderer.Baseline(diff, request.Baseline!));
        }

        await console.Out.FlushAsync(cancellationToken);
        if (request.JsonReport is not null)
        {
            await WriteReportAsync(request.JsonReport, path => jsonWriter.WriteAsync(report, results, diff, path, cancellationToken));
        }

        if (request.HtmlReport is not null)
        {
            await WriteReportAsync(request.HtmlReport, path => htmlWriter.WriteAsync(report, results, diff, path, cancellationToken));
        }

        return results.All(result => result.Met) ? ExitCodes.Success : ExitCodes.ThresholdMissed;
    }

    /// <summary>
    /// <c>AskBot:Eval:Thresholds</c> with the <c>--threshold</c> flags laid over it, keyed by the canonical metric
    /// names (configuration keys match in any case).
    /// </summary>
    /// <exception cref="CliUsageException">A configured threshold names no metric.</exception>
    public static IReadOnlyDictionary<string, double> Thresholds(
        IReadOnlyDictionary<string, double> configured,
        IReadOnlyDictionary<string, double> overrides)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(overrides);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in configured)
        {
            var metric = EvalArguments.CanonicalMetric(name)
                ?? throw new CliUsageException(
                    $"error: invalid setting {EvalOptions.SectionName}:Thresholds:{TextSanitizer.SingleLine(name)}: unknown metric; known: {string.Join(", ", MetricNames.All)}");
            if (!double.IsFinite(value) || value < 0)
            {
                throw new CliUsageException(
                    string.Create(CultureInfo.InvariantCulture, $"error: invalid setting {EvalOptions.SectionName}:Thresholds:{metric}: must be a non-negative number"));
            }

            thresholds[metric] = value;
        }

        foreach (var (metric, value) in overrides)
        {
            thresholds[metric] = value;
        }

        return thresholds;
    }

    /// <summary>
    /// Runs the same questions with <paramref name="peer"/> as the chat provider (a host of its own, the same settings
    /// otherwise) and adds its answerAccuracy and the gain over it to the report's summary.
    /// </summary>
    private async Task<EvaluationReport> WithPeerAsync(
        EvaluationReport report,
        string setPath,
        IReadOnlyList<EvalQuestion> questions,
        EvalRequest request,
        ChatProviders peer,
        FileInfo? configFile,
        CancellationToken cancellationToken)
    {
        using var host = CliHost.Build(console, configFile, request.Overrides(peer));
        var peerReport = await host.Services.GetRequiredService<EvaluationRunner>()
            .WithoutJudge()
            .RunAsync(setPath, questions, retrievalOptions.Value.Mode.ToString(), null, cancellationToken)
            .WaitAsync(cancellationToken);
        if (!report.Summary.Metrics.TryGetValue(MetricNames.AnswerAccuracy, out var own)
            || !peerReport.Summary.Metrics.TryGetValue(MetricNames.AnswerAccuracy, out var theirs))
        {
            return report;
        }

        var answerable = report.Summary.Counts.GetValueOrDefault(MetricNames.AnswerAccuracy);
        var metrics = new Dictionary<string, double>(report.Summary.Metrics, StringComparer.Ordinal)
        {
            [MetricNames.PeerAnswerAccuracy] = theirs,
            [MetricNames.AnswerAccuracyGain] = own - theirs,
        };
        var counts = new Dictionary<string, int>(report.Summary.Counts, StringComparer.Ordinal)
        {
            [MetricNames.PeerAnswerAccuracy] = answerable,
            [MetricNames.AnswerAccuracyGain] = answerable,
        };
        return report with { Summary = report.Summary with { Metrics = metrics, Counts = counts } };
    }

    private static async Task<BaselineReport> ReadBaselineAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await EvaluationJsonWriter.ReadBaselineAsync(path, cancellationToken);
        }
        catch (EvaluationReportException exception)
        {
            throw new CliUsageException("error: " + TextSanitizer.SingleLine(exception.Message), exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException(
                $"error: cannot read baseline report {TextSanitizer.SingleLine(path)}: {TextSanitizer.SingleLine(exception.Message)}",
                exception);
        }
    }

    /// <summary>Creates the report's folder and a scratch file beside the report, the way the writer will.</summary>
    /// <exception cref="CliUsageException">The report cannot be written there.</exception>
    private static void EnsureWritable(string path)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliUsageException($"error: cannot write report {TextSanitizer.SingleLine(path)}: {TextSanitizer.SingleLine(exception.Message)}", exception);
        }

        var shown = TextSanitizer.SingleLine(fullPath);
        if (Directory.Exists(fullPath))
        {
            throw new CliUsageException($"error: cannot write report {shown}: it is a folder");
        }

        try
        {
            var directory = Path.GetDirectoryName(fullPath)!;
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliUsageException($"error: cannot write report {shown}: {TextSanitizer.SingleLine(exception.Message)}", exception);
        }
    }

    private static async Task WriteReportAsync(string path, Func<string, Task> write)
    {
        try
        {
            await write(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliUsageException(
                $"error: cannot write report {TextSanitizer.SingleLine(Path.GetFullPath(path))}: {TextSanitizer.SingleLine(exception.Message)}",
                exception);
        }
    }

    private async Task<IReadOnlyList<EvalQuestion>> ReadQuestionSetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var questions = await questionSetReader.ReadAsync(path, cancellationToken);

            // An empty set would run nothing and report every threshold as missed, which reads as a broken pipeline.
            return questions.Count > 0
                ? questions
                : throw new CliUsageException($"error: {TextSanitizer.SingleLine(path)}: no questions");
        }
        catch (QuestionSetException exception)
        {
            // Every malformed line at once, each naming the file, so the set is fixed in one pass.
            var shownPath = TextSanitizer.SingleLine(path);
            var lines = exception.Errors.Select(error => error.StartsWith("line ", StringComparison.Ordinal)
                ? $"error: {shownPath} {TextSanitizer.SingleLine(error)}"
                : "error: " + TextSanitizer.SingleLine(error));
            throw new CliUsageException(string.Join(Environment.NewLine, lines), exception);
        }
    }
}

/// <summary>Redraws "evaluating: done/total" on a terminal. Synchronous, like <see cref="TerminalIndexProgress"/>.</summary>
public sealed class TerminalEvalProgress(TextWriter terminal, int total) : IProgress<int>
{
    private readonly Lock gate = new();
    private int lastLength;

    public void Report(int value)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"evaluating: {value}/{total}");
        lock (this.gate)
        {
            terminal.Write('\r' + line.PadRight(this.lastLength));
            terminal.Flush();
            this.lastLength = line.Length;
        }
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
