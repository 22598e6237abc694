using System.Globalization;
using System.Text;
using AskBot.Core.Evaluation;

namespace AskBot.Cli.Output;

/// <summary>Renders an evaluation run as console tables: overall metrics with thresholds, per-category metrics, the verdict, and a baseline comparison.</summary>
public static class EvaluationRenderer
{
    private const string Missing = "-";
    private const string MetMark = "✓";
    private const string MissedMark = "✗";

    /// <summary>Retrieval metrics, shown together in the per-category table.</summary>
    private static readonly string[] RetrievalMetrics =
    [
        MetricNames.SourceHitAt1, MetricNames.SourceHitAt3, MetricNames.SourceHitAt5,
        MetricNames.EvidenceHitAt1, MetricNames.EvidenceHitAt3, MetricNames.EvidenceHitAt5, MetricNames.Mrr,
    ];

    /// <summary>Answer metrics, shown together in the per-category table.</summary>
    private static readonly string[] AnswerMetrics =
    [
        MetricNames.AnswerAccuracy, MetricNames.RefusalAccuracy, MetricNames.FalseRefusalRate,
        MetricNames.CitedEvidenceRecall, MetricNames.CitationPrecision, MetricNames.GuardSupport, MetricNames.LatencyP50Ms, MetricNames.LatencyP95Ms,
    ];

    /// <summary>Short column headers of the per-category tables.</summary>
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        [MetricNames.SourceHitAt1] = "src@1",
        [MetricNames.SourceHitAt3] = "src@3",
        [MetricNames.SourceHitAt5] = "src@5",
        [MetricNames.EvidenceHitAt1] = "evid@1",
        [MetricNames.EvidenceHitAt3] = "evid@3",
        [MetricNames.EvidenceHitAt5] = "evid@5",
        [MetricNames.Mrr] = "mrr",
        [MetricNames.AnswerAccuracy] = "answer",
        [MetricNames.RefusalAccuracy] = "refusal",
        [MetricNames.FalseRefusalRate] = "falseRef",
        [MetricNames.CitedEvidenceRecall] = "citeEvid",
        [MetricNames.CitationPrecision] = "citePrec",
        [MetricNames.GuardSupport] = "guard",
        [MetricNames.LatencyP50Ms] = "p50 ms",
        [MetricNames.LatencyP95Ms] = "p95 ms",
    };

    /// <summary>The header line, the overall table, the per-category tables and the threshold verdict.</summary>
    public static string Report(EvaluationReport report, IReadOnlyList<ThresholdResult> thresholds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var builder = new StringBuilder();
        var passed = report.Questions.Count(q => q.Passed);
        builder.Append(CultureInfo.InvariantCulture, $"Evaluated {report.Questions.Count} questions from {TextSanitizer.SingleLine(report.QuestionSet)}")
            .Append(CultureInfo.InvariantCulture, $" (retriever {TextSanitizer.SingleLine(report.Retriever)}, provider {TextSanitizer.SingleLine(report.Provider)}, {report.WallSeconds:0.0} s)\n")
            .Append(CultureInfo.InvariantCulture, $"Passed: {passed} of {report.Questions.Count} questions\n")
            .Append(TextSanitizer.SingleLine(JudgeLine(report))).Append("\n\n");
        AppendOverall(builder, report.Summary, thresholds);
        builder.Append('\n');
        AppendCategories(builder, report);
        builder.Append('\n').Append(Verdict(thresholds)).Append('\n');
        return builder.ToString();
    }

    /// <summary>The comparison with a baseline run: metric deltas, then the question ids that flipped.</summary>
    public static string Baseline(BaselineDiff diff, string baselinePath)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Compared with baseline {TextSanitizer.SingleLine(baselinePath)}\n");
        var rows = new List<string[]> { new[] { "metric", "baseline", "current", "delta", string.Empty, "b", "c", "p", string.Empty } };
        foreach (var delta in diff.Metrics)
        {
            var better = delta.LowerIsBetter ? delta.Delta < 0 : delta.Delta > 0;
            var shown = Delta(delta.Metric, delta.Delta);
            var unchanged = !shown.Any(c => c is >= '1' and <= '9');
            var paired = delta.Paired;
            rows.Add(
            [
                delta.Metric,
                Value(delta.Metric, delta.Baseline),
                Value(delta.Metric, delta.Current),
                shown,
                unchanged ? string.Empty : better ? "better" : "worse",
                paired?.PassToFail.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                paired?.FailToPass.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                paired is null ? string.Empty : PValue(paired.PValue),
                paired is null ? string.Empty : paired.Significant ? "significant" : "n.s.",
            ]);
        }

        AppendTable(builder, rows, rightAligned: [false, true, true, true, false, true, true, true, false]);
        if (diff.Metrics.Any(d => d.Paired is not null))
        {
            builder.Append("  b: questions passing the rate in the baseline and failing now, c: the reverse (questions in both runs);\n")
                .Append("  p: exact two-sided McNemar test of b against c; significant when p < 0.05.\n");
        }

        builder.Append(FlippedLine("Now failing (passed in baseline)", diff.PassedToFailed))
            .Append(FlippedLine("Now passing (failed in baseline)", diff.FailedToPassed));
        foreach (var delta in diff.Metrics)
        {
            foreach (var (label, ids) in new[] { ("now failing", delta.Paired?.PassedToFailed), ("now passing", delta.Paired?.FailedToPassed) })
            {
                if (ids is { Count: > 0 })
                {
                    builder.Append(FlippedLine($"  {delta.Metric} {label}", ids));
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>One line: all thresholds met, or which were missed and by what.</summary>
    public static string Verdict(IReadOnlyList<ThresholdResult> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count == 0)
        {
            return "Thresholds: none set";
        }

        var missed = thresholds.Where(t => !t.Met).ToList();
        if (missed.Count == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Thresholds: all {thresholds.Count} met {MetMark}");
        }

        var details = missed.Select(t => double.IsNaN(t.Value)
            ? $"{t.Metric} has no value (applies to no question)"
            : $"{t.Metric} {Value(t.Metric, t.Value)} {(t.LowerIsBetter ? ">" : "<")} {Threshold(t.Metric, t.Threshold)}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Thresholds: {missed.Count} of {thresholds.Count} missed {MissedMark}: {string.Join(", ", details)}");
    }

    /// <summary>A metric value as shown: rates with three decimals, latencies in milliseconds with one; "-" when missing.</summary>
    public static string Value(string metric, double value)
    {
        if (double.IsNaN(value))
        {
            return Missing;
        }

        return IsLatency(metric)
            ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("0.000", CultureInfo.InvariantCulture);
    }

    /// <summary>A signed difference, in the metric's format; "-" when either side is missing.</summary>
    public static string Delta(string metric, double delta)
    {
        if (double.IsNaN(delta))
        {
            return Missing;
        }

        return IsLatency(metric)
            ? delta.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)
            : delta.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
    }

    private static void AppendOverall(StringBuilder builder, MetricSummary summary, IReadOnlyList<ThresholdResult> thresholds)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Overall ({summary.Count} questions)\n");
        var byMetric = thresholds.ToDictionary(t => t.Metric, StringComparer.Ordinal);
        var rows = new List<string[]> { new[] { "metric", "value", "95% CI", "n", "threshold", string.Empty } };
        var rates = RateEstimate.Of(summary).ToDictionary(r => r.Metric, StringComparer.Ordinal);
        // Optional metrics (the LLM judge's groundedness) appear only when they were measured.
        foreach (var metric in MetricNames.All.Concat(MetricNames.Optional.Where(summary.Metrics.ContainsKey)))
        {
            var value = summary.Metrics.TryGetValue(metric, out var v) ? v : double.NaN;
            var count = summary.Counts.TryGetValue(metric, out var c) ? c.ToString(CultureInfo.InvariantCulture) : "0";
            var interval = string.Empty;
            if (rates.TryGetValue(metric, out var rate))
            {
                count = string.Create(CultureInfo.InvariantCulture, $"{rate.Successes}/{rate.Trials}");
                interval = rate.Interval is { } i ? $"[{Value(metric, i.Lower)}, {Value(metric, i.Upper)}]" : string.Empty;
            }

            var threshold = byMetric.TryGetValue(metric, out var t)
                ? new[] { (t.LowerIsBetter ? "<= " : ">= ") + Threshold(t.Metric, t.Threshold), t.Met ? MetMark : MissedMark }
                : new[] { string.Empty, string.Empty };
            rows.Add([metric, Value(metric, value), interval, count, threshold[0], threshold[1]]);
        }

        AppendTable(builder, rows, rightAligned: [false, true, false, true, false, false]);
        if (summary.RefusedExcludedFromCitations > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"  n: questions the metric applies to (k/n for a rate: k of them score 1); citation metrics leave out {summary.RefusedExcludedFromCitations} refused answers.\n");
        }
        else
        {
            builder.Append("  n: questions the metric applies to (k/n for a rate: k of them score 1).\n");
        }

        builder.Append("  95% CI: Wilson score interval of a rate.\n");
    }

    /// <summary>Which model answered and which judged, so a groundedness figure is never read as self-grading.</summary>
    internal static string JudgeLine(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var answerer = report.Answerer is { } a
            ? a.Model is null ? a.Provider : $"{a.Provider} {a.Model}"
            : report.Provider;
        return report.Judge is { } judge
            ? $"Answerer: {answerer}; groundedness judge: {judge.Model} at {judge.EndpointHost}"
            : $"Answerer: {answerer}; groundedness: not measured (no {JudgeOptions.SectionName} configured)";
    }

    private static void AppendCategories(StringBuilder builder, EvaluationReport report)
    {
        builder.Append("By category\n");
        foreach (var group in new[] { RetrievalMetrics, AnswerMetrics })
        {
            var header = new List<string> { "category", "n" };
            header.AddRange(group.Select(metric => ShortNames[metric]));
            var rows = new List<string[]> { header.ToArray() };
            foreach (var (category, summary) in report.Categories.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var row = new List<string> { TextSanitizer.SingleLine(category), summary.Count.ToString(CultureInfo.InvariantCulture) };
                row.AddRange(group.Select(metric => Value(metric, summary.Metrics.TryGetValue(metric, out var v) ? v : double.NaN)));
                rows.Add(row.ToArray());
            }

            var overall = new List<string> { "(all)", report.Summary.Count.ToString(CultureInfo.InvariantCulture) };
            overall.AddRange(group.Select(metric => Value(metric, report.Summary.Metrics.TryGetValue(metric, out var v) ? v : double.NaN)));
            rows.Add(overall.ToArray());
            AppendTable(builder, rows, rightAligned: [false, .. Enumerable.Repeat(true, group.Length + 1)]);
            builder.Append('\n');
        }

        AppendCategoryIntervals(builder, report);
        builder.Append("  src@k/evid@k: sourceHitAtk/evidenceHitAtk; answer, refusal: answerAccuracy, refusalAccuracy; falseRef: falseRefusalRate;\n")
            .Append("  citeEvid/citePrec: citedEvidenceRecall/citationPrecision; guard: guardSupport; p50/p95 ms: latencyP50Ms/latencyP95Ms;\n")
            .Append("  -: applies to no question.\n");
    }

    // With a dozen questions in a category, its rate moves by several points per question: each rate with its count and
    // Wilson interval, in groups narrow enough for a terminal.
    private static void AppendCategoryIntervals(StringBuilder builder, EvaluationReport report)
    {
        builder.Append("Rates by category: k/n [95% CI]\n");
        string[][] groups =
        [
            [MetricNames.AnswerAccuracy, MetricNames.RefusalAccuracy, MetricNames.FalseRefusalRate, MetricNames.CitedEvidenceRecall],
            [MetricNames.SourceHitAt1, MetricNames.SourceHitAt3, MetricNames.SourceHitAt5],
            [MetricNames.EvidenceHitAt1, MetricNames.EvidenceHitAt3, MetricNames.EvidenceHitAt5],
        ];
        var categories = report.Categories.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Name: TextSanitizer.SingleLine(pair.Key), Summary: pair.Value))
            .Append(("(all)", report.Summary))
            .ToList();
        foreach (var group in groups)
        {
            List<string[]> rows = [["category", .. group.Select(metric => ShortNames[metric])]];
            foreach (var (name, summary) in categories)
            {
                var rates = RateEstimate.Of(summary).ToDictionary(r => r.Metric, StringComparer.Ordinal);
                rows.Add([name, .. group.Select(metric => rates.TryGetValue(metric, out var rate) ? Cell(rate) : "-")]);
            }

            AppendTable(builder, rows, rightAligned: [false, .. Enumerable.Repeat(true, group.Length)]);
            builder.Append('\n');
        }
    }

    private static string Cell(RateEstimate rate) => rate.Interval is { } interval
        ? string.Create(CultureInfo.InvariantCulture, $"{rate.Successes}/{rate.Trials} [{interval.Lower:0.000}, {interval.Upper:0.000}]")
        : "-";

    /// <summary>Appends rows as columns two spaces apart, indented by two; the first row is the header.</summary>
    internal static void AppendTable(StringBuilder builder, IReadOnlyList<string[]> rows, IReadOnlyList<bool> rightAligned)
    {
        var columns = rows.Max(row => row.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            var line = new StringBuilder("  ");
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    line.Append("  ");
                }

                var right = i < rightAligned.Count && rightAligned[i];
                line.Append(right ? row[i].PadLeft(widths[i]) : row[i].PadRight(widths[i]));
            }

            builder.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }

    private static string FlippedLine(string label, IReadOnlyList<string> ids) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: {ids.Count}{(ids.Count > 0 ? ": " + string.Join(", ", ids.Select(TextSanitizer.SingleLine)) : string.Empty)}\n");

    /// <summary>A p-value with four decimals; tiny ones as "&lt;0.0001" rather than a misleading 0.</summary>
    private static string PValue(double p) =>
        p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Threshold(string metric, double threshold) =>
        threshold.ToString(IsLatency(metric) ? "0.###" : "0.00##", CultureInfo.InvariantCulture);

    private static bool IsLatency(string metric) =>
        metric is MetricNames.LatencyP50Ms or MetricNames.LatencyP95Ms;
}
