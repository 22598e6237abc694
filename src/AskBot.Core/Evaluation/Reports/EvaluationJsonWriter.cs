using System.Text.Encodings.Web;
using System.Text.Json;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Writes an <see cref="EvaluationReport"/> as one JSON document (camelCase; citation and retrieved shapes as
/// in <c>askbot ask --json</c>) and reads such a document back as a <see cref="BaselineReport"/>.
/// </summary>
public sealed class EvaluationJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // Quotes and non-ASCII text stay readable; control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the report to <paramref name="path"/> atomically (temp file in the same folder, then a move).</summary>
    public Task WriteAsync(EvaluationReport report, IReadOnlyList<ThresholdResult> thresholds, string path, CancellationToken cancellationToken = default) =>
        this.WriteAsync(report, thresholds, null, path, cancellationToken);

    /// <summary>
    /// Writes the report, with a <c>baseline</c> section when <paramref name="diff"/> is given, to
    /// <paramref name="path"/> atomically (temp file in the same folder, then a move).
    /// </summary>
    public async Task WriteAsync(EvaluationReport report, IReadOnlyList<ThresholdResult> thresholds, BaselineDiff? diff, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var bytes = ToUtf8(report, thresholds, diff);
        await AtomicFile.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a report written by <c>WriteAsync</c>: its summary metrics, each question's pass/fail and its per-question metrics.</summary>
    /// <exception cref="EvaluationReportException">The file is missing or is not such a report.</exception>
    public static async Task<BaselineReport> ReadBaselineAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new EvaluationReportException($"baseline report not found: {path}", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return ParseBaseline(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new EvaluationReportException($"{path}: not valid JSON: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new EvaluationReportException($"{path}: not an evaluation report: {ex.Message}", ex);
        }
    }

    /// <summary>The report as UTF-8 JSON.</summary>
    internal static byte[] ToUtf8(EvaluationReport report, IReadOnlyList<ThresholdResult> thresholds, BaselineDiff? diff = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("summary");
            WriteMetrics(writer, report.Summary.Metrics, allNames: true);
            writer.WritePropertyName("counts");
            WriteCounts(writer, report.Summary);
            writer.WritePropertyName("intervals");
            WriteIntervals(writer, report.Summary);
            WriteThresholds(writer, thresholds);
            writer.WriteStartObject("categories");
            foreach (var (category, summary) in report.Categories)
            {
                writer.WriteStartObject(category);
                writer.WriteNumber("count", summary.Count);
                writer.WritePropertyName("metrics");
                WriteMetrics(writer, summary.Metrics, allNames: true);
                writer.WritePropertyName("counts");
                WriteCounts(writer, summary);
                writer.WritePropertyName("intervals");
                WriteIntervals(writer, summary);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (diff is not null)
            {
                WriteBaseline(writer, diff);
            }

            writer.WriteStartArray("questions");
            foreach (var question in report.Questions)
            {
                WriteQuestion(writer, question);
            }

            writer.WriteEndArray();
            writer.WriteString("provider", report.Provider);
            WriteModels(writer, report);
            writer.WriteString("retriever", report.Retriever);
            writer.WriteString("questionSet", report.QuestionSet);
            writer.WriteNumber("wallSeconds", Math.Round(report.WallSeconds, 3));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Which model answered and which judged (<c>judge</c> is null when none was configured and groundedness was not
    /// measured); the judge's endpoint is reduced to its host so no path or query reaches the report.
    /// </summary>
    private static void WriteModels(Utf8JsonWriter writer, EvaluationReport report)
    {
        writer.WriteStartObject("answerer");
        writer.WriteString("provider", report.Answerer?.Provider ?? report.Provider);
        if (report.Answerer?.Model is { } model)
        {
            writer.WriteString("model", model);
        }
        else
        {
            writer.WriteNull("model");
        }

        writer.WriteEndObject();
        if (report.Judge is { } judge)
        {
            writer.WriteStartObject("judge");
            writer.WriteString("model", judge.Model);
            writer.WriteString("endpoint", judge.EndpointHost);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("judge");
        }
    }

    private static void WriteMetrics(Utf8JsonWriter writer, IReadOnlyDictionary<string, double> metrics, bool allNames)
    {
        writer.WriteStartObject();
        foreach (var name in MetricNames.All)
        {
            if (metrics.TryGetValue(name, out var value) && double.IsFinite(value))
            {
                writer.WriteNumber(name, value);
            }
            else if (allNames)
            {
                // A metric that applied to no question has no value, which is not the same as 0.
                writer.WriteNull(name);
            }
        }

        // Optional metrics (e.g. the LLM judge's groundedness) appear only when measured.
        foreach (var name in MetricNames.Optional)
        {
            if (metrics.TryGetValue(name, out var value) && double.IsFinite(value))
            {
                writer.WriteNumber(name, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, MetricSummary summary)
    {
        writer.WriteStartObject();
        writer.WriteNumber("questions", summary.Count);
        writer.WriteNumber("refusedExcludedFromCitations", summary.RefusedExcludedFromCitations);
        foreach (var name in MetricNames.All)
        {
            writer.WriteNumber(name, summary.Counts.TryGetValue(name, out var count) ? count : 0);
        }

        foreach (var name in MetricNames.Optional)
        {
            if (summary.Counts.TryGetValue(name, out var count))
            {
                writer.WriteNumber(name, count);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteIntervals(Utf8JsonWriter writer, MetricSummary summary)
    {
        writer.WriteStartObject();
        foreach (var rate in RateEstimate.Of(summary))
        {
            writer.WriteStartObject(rate.Metric);
            writer.WriteNumber("successes", rate.Successes);
            writer.WriteNumber("trials", rate.Trials);
            WriteNumberOrNull(writer, "lower", rate.Interval?.Lower ?? double.NaN);
            WriteNumberOrNull(writer, "upper", rate.Interval?.Upper ?? double.NaN);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteBaseline(Utf8JsonWriter writer, BaselineDiff diff)
    {
        writer.WriteStartObject("baseline");
        writer.WriteStartObject("metrics");
        foreach (var delta in diff.Metrics)
        {
            writer.WriteStartObject(delta.Metric);
            WriteNumberOrNull(writer, "baseline", delta.Baseline);
            WriteNumberOrNull(writer, "current", delta.Current);
            WriteNumberOrNull(writer, "delta", delta.Delta);
            writer.WriteBoolean("lowerIsBetter", delta.LowerIsBetter);
            if (delta.Paired is { } paired)
            {
                writer.WriteNumber("pairs", paired.Pairs);
                writer.WriteNumber("passToFail", paired.PassToFail);
                writer.WriteNumber("failToPass", paired.FailToPass);
                writer.WriteNumber("pValue", paired.PValue);
                writer.WriteBoolean("significant", paired.Significant);
                WriteStrings(writer, "passedToFailed", paired.PassedToFailed);
                WriteStrings(writer, "failedToPassed", paired.FailedToPassed);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        WriteStrings(writer, "passedToFailed", diff.PassedToFailed);
        WriteStrings(writer, "failedToPassed", diff.FailedToPassed);
        writer.WriteEndObject();
    }

    private static void WriteThresholds(Utf8JsonWriter writer, IReadOnlyList<ThresholdResult> thresholds)
    {
        writer.WriteStartArray("thresholds");
        foreach (var threshold in thresholds)
        {
            writer.WriteStartObject();
            writer.WriteString("metric", threshold.Metric);
            WriteNumberOrNull(writer, "value", threshold.Value);
            WriteNumberOrNull(writer, "threshold", threshold.Threshold);
            writer.WriteBoolean("lowerIsBetter", threshold.LowerIsBetter);
            writer.WriteBoolean("met", threshold.Met);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteQuestion(Utf8JsonWriter writer, QuestionEvaluation evaluation)
    {
        var question = evaluation.Question;
        var result = evaluation.Result;
        writer.WriteStartObject();
        writer.WriteString("id", question.Id);
        writer.WriteString("category", question.Category);
        writer.WriteString("question", question.Question);
        WriteStrings(writer, "history", question.History);
        writer.WriteBoolean("answerable", question.Answerable);
        writer.WriteString("standaloneQuestion", result.StandaloneQuestion);
        writer.WriteString("answer", result.Answer);
        writer.WriteBoolean("refused", result.Refused);
        writer.WriteBoolean("passed", evaluation.Passed);
        WriteStrings(writer, "failureReasons", evaluation.FailureReasons);
        writer.WritePropertyName("metrics");
        WriteMetrics(writer, evaluation.Metrics, allNames: false);
        WriteStrings(writer, "unsupportedClaims", evaluation.UnsupportedClaims);
        writer.WriteNumber("latencyMs", Math.Round(evaluation.LatencyMs, 1));
        WriteStrings(writer, "notes", result.Notes);
        writer.WriteStartArray("citations");
        foreach (var c in result.Citations)
        {
            writer.WriteStartObject();
            writer.WriteNumber("n", c.N);
            writer.WriteString("docId", c.DocId);
            writer.WriteString("title", c.Title);
            writer.WriteString("byline", c.Byline);
            writer.WriteString("date", c.Date);
            writer.WriteString("quote", c.Quote);
            writer.WriteNumber("start", c.Start);
            writer.WriteNumber("end", c.End);
            WriteOffsets(writer, c.Offsets);
            writer.WriteString("sourceFile", c.SourceFile);
            WriteIntOrNull(writer, "page", c.Page);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("retrieved");
        foreach (var r in result.Retrieved)
        {
            writer.WriteStartObject();
            writer.WriteString("docId", r.Chunk.DocId);
            writer.WriteString("chunkId", r.Chunk.ChunkId);
            writer.WriteNumber("score", r.Score);
            writer.WriteString("text", r.Chunk.Text);
            writer.WriteNumber("start", r.Chunk.Start);
            writer.WriteNumber("end", r.Chunk.End);
            WriteOffsets(writer, r.Offsets);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // Same names and null rule as ask --json, so one reader handles both documents.
    private static void WriteOffsets(Utf8JsonWriter writer, Text.SpanOffsets? offsets)
    {
        WriteIntOrNull(writer, "startUtf8", offsets?.StartUtf8);
        WriteIntOrNull(writer, "endUtf8", offsets?.EndUtf8);
        WriteIntOrNull(writer, "startCodePoint", offsets?.StartCodePoint);
        WriteIntOrNull(writer, "endCodePoint", offsets?.EndCodePoint);
    }

    private static void WriteIntOrNull(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int known)
        {
            writer.WriteNumber(name, known);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static BaselineReport ParseBaseline(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the document is not a JSON object");
        }

        if (!root.TryGetProperty("summary", out var summaryElement) || summaryElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("'summary' object missing");
        }

        var summary = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in summaryElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number)
            {
                summary[property.Name] = property.Value.GetDouble();
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                throw new FormatException($"summary.{property.Name} is not a number");
            }
        }

        if (!root.TryGetProperty("questions", out var questionsElement) || questionsElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'questions' array missing");
        }

        var passed = new Dictionary<string, bool>(StringComparer.Ordinal);
        var questionMetrics = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var index = 0;
        foreach (var question in questionsElement.EnumerateArray())
        {
            if (question.ValueKind != JsonValueKind.Object
                || !question.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !question.TryGetProperty("passed", out var pass) || pass.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new FormatException($"questions[{index}] lacks a string 'id' or a boolean 'passed'");
            }

            passed[id.GetString()!] = pass.GetBoolean();

            // Per-question metrics only feed the paired test, so a report without them (or with odd ones) still loads.
            if (question.TryGetProperty("metrics", out var metricsElement) && metricsElement.ValueKind == JsonValueKind.Object)
            {
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var metric in metricsElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
                {
                    values[metric.Name] = metric.Value.GetDouble();
                }

                questionMetrics[id.GetString()!] = values;
            }

            index++;
        }

        return new BaselineReport(
            OptionalString(root, "questionSet"),
            OptionalString(root, "provider"),
            OptionalString(root, "retriever"),
            summary,
            passed,
            questionMetrics.Count > 0 ? questionMetrics : null);
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
