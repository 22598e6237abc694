using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Writes an <see cref="EvaluationReport"/> as one self-contained HTML page (inline CSS, no scripts, no external
/// references): metrics against thresholds, per-category bars, and a drill-down per question, failures first.
/// </summary>
public sealed class EvaluationHtmlWriter
{
    private static readonly string[] CategoryBarMetrics =
    [
        MetricNames.AnswerAccuracy, MetricNames.RefusalAccuracy, MetricNames.EvidenceHitAt5, MetricNames.CitedEvidenceRecall,
    ];

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;color:#222;padding:0 1rem}
        h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eee;vertical-align:top}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .met{background:#e3f4e3;color:#145214}.missed{background:#fbe3e3;color:#7a1010}.none{color:#777}
        .up{color:#145214}.down{color:#7a1010}
        .bar{background:#eee;width:12rem;height:.9rem;display:inline-block;vertical-align:middle}
        .bar span{display:block;height:100%;background:#4a7fc1}
        details{border:1px solid #ddd;border-radius:4px;margin:.4rem 0;padding:.3rem .6rem}
        details.fail{border-left:4px solid #c33}details.pass{border-left:4px solid #3a3}
        summary{cursor:pointer}.id{font-family:monospace;font-weight:600}
        .tag{font-size:.8em;padding:0 .35rem;border-radius:3px;background:#eee;margin-left:.3rem}
        .tag.fail{background:#fbe3e3}.tag.pass{background:#e3f4e3}.tag.gold{background:#fff3c4}
        dl{display:grid;grid-template-columns:11rem 1fr;gap:.25rem .8rem}dt{font-weight:600;color:#555}dd{margin:0}
        .answer{white-space:pre-wrap;background:#fafafa;padding:.3rem}
        mark{background:#ffd6d6}blockquote{margin:.2rem 0 .5rem 1rem;color:#444;white-space:pre-wrap}
        ol.retrieved li.gold{background:#fffbe6}
        """;

    /// <summary>Writes the page to <paramref name="path"/> atomically (temp file in the same folder, then a move).</summary>
    public async Task WriteAsync(EvaluationReport report, IReadOnlyList<ThresholdResult> thresholds, BaselineDiff? diff, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var html = Render(report, thresholds, diff);
        await AtomicFile.WriteAllBytesAsync(path, new UTF8Encoding(false).GetBytes(html), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The page as a string.</summary>
    internal static string Render(EvaluationReport report, IReadOnlyList<ThresholdResult> thresholds, BaselineDiff? diff)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>AskBot evaluation</title>\n<style>\n")
            .Append(Style)
            .Append("</style>\n</head>\n<body>\n<h1>AskBot evaluation</h1>\n");
        var passed = report.Questions.Count(q => q.Passed);
        html.Append(CultureInfo.InvariantCulture, $"<p>Question set <code>{E(report.QuestionSet)}</code> · provider {E(report.Provider)} · retriever {E(report.Retriever)} · ")
            .Append(CultureInfo.InvariantCulture, $"{report.Questions.Count} questions, {passed} passed, {report.Questions.Count - passed} failed · {report.WallSeconds:F1} s</p>\n");

        AppendSummary(html, report.Summary, thresholds, diff);
        if (diff is not null)
        {
            AppendFlips(html, "Passed in the baseline, failing now", diff.PassedToFailed);
            AppendFlips(html, "Failed in the baseline, passing now", diff.FailedToPassed);
        }

        AppendCategories(html, report);
        html.Append("<h2>Questions</h2>\n<p>Failed questions first (open); click a question to expand it.</p>\n");
        foreach (var question in report.Questions.Where(q => !q.Passed).Concat(report.Questions.Where(q => q.Passed)))
        {
            AppendQuestion(html, question);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, MetricSummary summary, IReadOnlyList<ThresholdResult> thresholds, BaselineDiff? diff)
    {
        var byMetric = thresholds.ToDictionary(t => t.Metric, StringComparer.Ordinal);
        var deltas = diff?.Metrics.ToDictionary(d => d.Metric, StringComparer.Ordinal);
        var rates = RateEstimate.Of(summary).ToDictionary(r => r.Metric, StringComparer.Ordinal);
        html.Append("<h2>Summary</h2>\n<table>\n<tr><th>Metric</th><th>Value</th><th>95% interval</th><th>Over</th><th>Threshold</th><th>Status</th>");
        if (deltas is not null)
        {
            html.Append("<th>vs baseline</th>");
        }

        html.Append("</tr>\n");
        foreach (var metric in MetricNames.All.Concat(MetricNames.Optional.Where(summary.Metrics.ContainsKey)))
        {
            var hasValue = summary.Metrics.TryGetValue(metric, out var value);
            var count = summary.Counts.TryGetValue(metric, out var c) ? c : 0;
            var rowClass = byMetric.TryGetValue(metric, out var t) ? (t.Met ? "met" : "missed") : "none";
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{rowClass}\"><td>{E(metric)}</td><td class=\"num\">{(hasValue ? Format(metric, value) : "–")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(rates.TryGetValue(metric, out var rate) ? Interval(rate) : string.Empty)}</td><td class=\"num\">{count}</td>");
            if (t is null)
            {
                html.Append("<td>–</td><td>no threshold</td>");
            }
            else
            {
                var bound = t.LowerIsBetter ? "≤ " : "≥ ";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{bound}{Format(metric, t.Threshold)}</td><td>{(t.Met ? "met" : "missed")}</td>");
            }

            if (deltas is not null)
            {
                if (deltas.TryGetValue(metric, out var d))
                {
                    var better = d.LowerIsBetter ? d.Delta < 0 : d.Delta > 0;
                    var worse = d.LowerIsBetter ? d.Delta > 0 : d.Delta < 0;
                    var cls = better ? "up" : worse ? "down" : "none";
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"num {cls}\">{(d.Delta >= 0 ? "+" : string.Empty)}{Format(metric, d.Delta)}");
                    if (d.Paired is { } paired)
                    {
                        // The paired test says whether the flips behind the delta could be noise.
                        html.Append(CultureInfo.InvariantCulture, $" <span class=\"none\">(b={paired.PassToFail}, c={paired.FailToPass}, p={paired.PValue:0.0000}{(paired.Significant ? ", significant" : string.Empty)})</span>");
                    }

                    html.Append("</td>");
                }
                else
                {
                    html.Append("<td>–</td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table>\n<p class=\"none\">Citation metrics leave out {summary.RefusedExcludedFromCitations} refused answer(s). Latency is per question (last turn), nearest-rank percentiles.</p>\n");
    }

    private static void AppendFlips(StringBuilder html, string title, IReadOnlyList<string> ids)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(title)} ({ids.Count})</h2>\n<p>");
        html.Append(ids.Count == 0 ? "none" : string.Join(", ", ids.Select(id => $"<span class=\"id\">{E(id)}</span>")));
        html.Append("</p>\n");
    }

    private static void AppendCategories(StringBuilder html, EvaluationReport report)
    {
        html.Append("<h2>By category</h2>\n<table>\n<tr><th>Category</th><th>Questions</th>");
        foreach (var metric in CategoryBarMetrics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(metric)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var (category, summary) in report.Categories)
        {
            var rates = RateEstimate.Of(summary).ToDictionary(r => r.Metric, StringComparer.Ordinal);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(category)}</td><td class=\"num\">{summary.Count}</td>");
            foreach (var metric in CategoryBarMetrics)
            {
                if (summary.Metrics.TryGetValue(metric, out var value))
                {
                    var width = Math.Clamp(value, 0, 1) * 100;
                    html.Append(CultureInfo.InvariantCulture, $"<td><span class=\"bar\"><span style=\"width:{width:F1}%\"></span></span> {value:F2} <span class=\"none\">{(rates.TryGetValue(metric, out var rate) ? Interval(rate) : string.Create(CultureInfo.InvariantCulture, $"(n={summary.Counts[metric]})"))}</span></td>");
                }
                else
                {
                    html.Append("<td class=\"none\">–</td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendQuestion(StringBuilder html, QuestionEvaluation evaluation)
    {
        var q = evaluation.Question;
        var r = evaluation.Result;
        var status = evaluation.Passed ? "pass" : "fail";
        html.Append(CultureInfo.InvariantCulture, $"<details class=\"{status}\" id=\"q-{E(q.Id)}\"{(evaluation.Passed ? string.Empty : " open")}>\n")
            .Append(CultureInfo.InvariantCulture, $"<summary><span class=\"id\">{E(q.Id)}</span><span class=\"tag {status}\">{status}</span><span class=\"tag\">{E(q.Category)}</span> {E(q.Question)}</summary>\n<dl>\n");
        if (evaluation.FailureReasons.Count > 0)
        {
            Row(html, "Failed because", List(evaluation.FailureReasons));
        }

        Row(html, "Question", E(q.Question));
        if (q.History.Count > 0)
        {
            Row(html, "History", "<ol>" + string.Concat(q.History.Select(h => $"<li>{E(h)}</li>")) + "</ol>");
        }

        Row(html, "Standalone rewrite", E(r.StandaloneQuestion));
        Row(html, "Answerable", q.Answerable ? "yes" : "no (a refusal is right)");
        if (q.Answers.Count > 0)
        {
            Row(html, "Gold answers", E(string.Join(" | ", q.Answers)));
        }

        if (q.Sources.Count > 0)
        {
            Row(html, "Gold sources", E(string.Join(", ", q.Sources)));
        }

        if (q.Evidence.Count > 0)
        {
            Row(html, "Gold evidence", List(q.Evidence));
        }

        Row(html, "Answer" + (r.Refused ? " (refused)" : string.Empty), "<div class=\"answer\">" + HighlightClaims(r.Answer, evaluation.UnsupportedClaims) + "</div>");
        if (r.Notes.Count > 0)
        {
            Row(html, "Notes", List(r.Notes));
        }

        Row(html, "Metrics", evaluation.Metrics.Count == 0
            ? "–"
            : E(string.Join(", ", evaluation.Metrics.Select(m => $"{m.Key} {Format(m.Key, m.Value)}"))) + E(string.Create(CultureInfo.InvariantCulture, $" · latency {evaluation.LatencyMs:F1} ms")));
        if (r.Citations.Count > 0)
        {
            var citations = new StringBuilder("<ol>");
            foreach (var c in r.Citations)
            {
                var source = string.Join(" — ", new[] { c.Title ?? "(untitled)", c.Byline, c.Date }.Where(s => !string.IsNullOrEmpty(s)));
                citations.Append(CultureInfo.InvariantCulture, $"<li value=\"{c.N}\">{E(source)} <span class=\"none\">({E(c.DocId)} {c.Start}–{c.End})</span><blockquote>{E(c.Quote)}</blockquote></li>");
            }

            Row(html, "Citations", citations.Append("</ol>").ToString());
        }

        if (r.Retrieved.Count > 0)
        {
            var sources = q.Sources.ToHashSet(StringComparer.Ordinal);
            var retrieved = new StringBuilder("<ol class=\"retrieved\">");
            foreach (var chunk in r.Retrieved)
            {
                var gold = EvaluationMetrics.ContainsEvidence(chunk.Chunk.Text, q.Evidence);
                retrieved.Append(CultureInfo.InvariantCulture, $"<li{(gold ? " class=\"gold\"" : string.Empty)}><details><summary><code>{E(chunk.Chunk.ChunkId)}</code> {chunk.Score:F3}")
                    .Append(gold ? "<span class=\"tag gold\">gold evidence</span>" : string.Empty)
                    .Append(sources.Contains(chunk.Chunk.DocId) ? "<span class=\"tag\">gold source</span>" : string.Empty)
                    .Append(CultureInfo.InvariantCulture, $"</summary><blockquote>{E(chunk.Chunk.Text)}</blockquote></details></li>");
            }

            Row(html, "Retrieved", retrieved.Append("</ol>").ToString());
        }

        html.Append("</dl>\n</details>\n");
    }

    /// <summary>The encoded answer with each unsupported claim wrapped in &lt;mark&gt;, matched in answer order.</summary>
    private static string HighlightClaims(string answer, IReadOnlyList<string> unsupported)
    {
        var output = new StringBuilder();
        var position = 0;
        foreach (var claim in unsupported.Where(c => c.Length > 0))
        {
            var index = answer.IndexOf(claim, position, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }

            output.Append(E(answer[position..index])).Append("<mark>").Append(E(claim)).Append("</mark>");
            position = index + claim.Length;
        }

        return output.Append(E(answer[position..])).ToString();
    }

    /// <summary>"[lower, upper] · k/n", or just "0/0" when the rate applies to no question.</summary>
    private static string Interval(RateEstimate rate) =>
        rate.Interval is { } interval
            ? string.Create(CultureInfo.InvariantCulture, $"[{interval.Lower:F3}, {interval.Upper:F3}] · {rate.Successes}/{rate.Trials}")
            : string.Create(CultureInfo.InvariantCulture, $"{rate.Successes}/{rate.Trials}");

    private static void Row(StringBuilder html, string term, string encodedValue) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(encodedValue).Append("</dd>\n");

    private static string List(IEnumerable<string> items) => "<ul>" + string.Concat(items.Select(i => $"<li>{E(i)}</li>")) + "</ul>";

    private static string Format(string metric, double value) =>
        metric is MetricNames.LatencyP50Ms or MetricNames.LatencyP95Ms
            ? value.ToString("F1", CultureInfo.InvariantCulture)
            : value.ToString("F3", CultureInfo.InvariantCulture);

    private static string E(string? text) => HtmlEncode(text ?? string.Empty);
}
