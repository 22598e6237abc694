using AskBot.Cli.Output;
using AskBot.Core.Evaluation;

namespace AskBot.Cli.Tests.Unit;

/// <summary>The verdict line and the baseline comparison of <c>askbot eval</c>.</summary>
public sealed class EvaluationRendererTests
{
    [Fact]
    public void Verdict_names_each_missed_threshold_with_its_value()
    {
        var verdict = EvaluationRenderer.Verdict(
        [
            new ThresholdResult(MetricNames.AnswerAccuracy, 0.5842, 0.6, LowerIsBetter: false, Met: false),
            new ThresholdResult(MetricNames.LatencyP95Ms, 612.34, 500, LowerIsBetter: true, Met: false),
            new ThresholdResult(MetricNames.Mrr, 0.8, 0.7, LowerIsBetter: false, Met: true),
            new ThresholdResult(MetricNames.RefusalAccuracy, double.NaN, 0.7, LowerIsBetter: false, Met: false),
        ]);

        Assert.Equal(
            "Thresholds: 3 of 4 missed ✗: answerAccuracy 0.584 < 0.60, latencyP95Ms 612.3 > 500, refusalAccuracy has no value (applies to no question)",
            verdict);
    }

    [Fact]
    public void Verdict_when_all_met_or_none_set()
    {
        Assert.Equal("Thresholds: all 1 met ✓", EvaluationRenderer.Verdict([new ThresholdResult(MetricNames.Mrr, 0.8, 0.7, false, true)]));
        Assert.Equal("Thresholds: none set", EvaluationRenderer.Verdict([]));
    }

    [Fact]
    public void Baseline_shows_signed_deltas_judged_by_direction_and_the_flipped_ids()
    {
        var diff = new BaselineDiff(
            [
                new MetricDelta(MetricNames.AnswerAccuracy, 0.6, 0.5, 0.1, LowerIsBetter: false),
                new MetricDelta(MetricNames.FalseRefusalRate, 0.3, 0.2, 0.1, LowerIsBetter: true),
                new MetricDelta(MetricNames.Mrr, 0.7, 0.7, 0, LowerIsBetter: false),
                new MetricDelta(MetricNames.LatencyP50Ms, 20.04, 25.5, -5.46, LowerIsBetter: true),
            ],
            ["fact-003", "var-002"],
            []);

        var text = EvaluationRenderer.Baseline(diff, "old.json");

        var lines = text.Split('\n');
        Assert.Equal("Compared with baseline old.json", lines[0]);
        Assert.Matches(@"^  answerAccuracy\s+0\.500\s+0\.600\s+\+0\.100\s+better$", lines[2]);
        Assert.Matches(@"^  falseRefusalRate\s+0\.200\s+0\.300\s+\+0\.100\s+worse$", lines[3]);
        Assert.Matches(@"^  mrr\s+0\.700\s+0\.700\s+0\.000$", lines[4]);
        Assert.Matches(@"^  latencyP50Ms\s+25\.5\s+20\.0\s+-5\.5\s+better$", lines[5]);
        Assert.Contains("Now failing (passed in baseline): 2: fact-003, var-002\n", text, StringComparison.Ordinal);
        Assert.Contains("Now passing (failed in baseline): 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_shows_the_McNemar_counts_p_and_significance_of_a_rate_and_its_flipped_ids()
    {
        var diff = new BaselineDiff(
            [
                new MetricDelta(
                    MetricNames.AnswerAccuracy, 0.8, 0.5, 0.3, LowerIsBetter: false,
                    new PairedChange([], ["a1", "a2", "a3", "a4", "a5", "a6"], 20, 0.03125)),
                new MetricDelta(
                    MetricNames.RefusalAccuracy, 0.5, 0.6, -0.1, LowerIsBetter: false,
                    new PairedChange(["r1", "r2"], ["r3"], 10, 1.0)),
                new MetricDelta(MetricNames.Mrr, 0.7, 0.7, 0, LowerIsBetter: false),
            ],
            [],
            []);

        var lines = EvaluationRenderer.Baseline(diff, "old.json").Split('\n');

        Assert.Matches(@"^  metric\s+baseline\s+current\s+delta\s+b\s+c\s+p$", lines[1]);
        Assert.Matches(@"^  answerAccuracy\s+0\.500\s+0\.800\s+\+0\.300\s+better\s+0\s+6\s+0\.0313\s+significant$", lines[2]);
        Assert.Matches(@"^  refusalAccuracy\s+0\.600\s+0\.500\s+-0\.100\s+worse\s+2\s+1\s+1\.0000\s+n\.s\.$", lines[3]);
        Assert.Matches(@"^  mrr\s+0\.700\s+0\.700\s+0\.000$", lines[4]);
        Assert.Contains("  answerAccuracy now passing: 6: a1, a2, a3, a4, a5, a6", lines);
        Assert.Contains("  refusalAccuracy now failing: 2: r1, r2", lines);
        Assert.Contains("  refusalAccuracy now passing: 1: r3", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("  answerAccuracy now failing", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_overall_table_shows_each_rate_with_its_Wilson_interval_and_count_and_other_metrics_without()
    {
        var summary = new MetricSummary(
            10,
            new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.5, [MetricNames.Mrr] = 0.25 },
            new Dictionary<string, int> { [MetricNames.AnswerAccuracy] = 10, [MetricNames.Mrr] = 8, [MetricNames.RefusalAccuracy] = 0 },
            0);
        var report = new EvaluationReport("set.jsonl", "Test", "Hybrid", summary, new Dictionary<string, MetricSummary>(), [], 1);

        var lines = EvaluationRenderer.Report(report, [new ThresholdResult(MetricNames.AnswerAccuracy, 0.5, 0.4, false, true)]).Split('\n');

        var header = lines.Single(l => l.StartsWith("  metric ", StringComparison.Ordinal));
        var accuracy = lines.Single(l => l.StartsWith("  answerAccuracy ", StringComparison.Ordinal));
        var mrr = lines.Single(l => l.StartsWith("  mrr ", StringComparison.Ordinal));
        Assert.Matches(@"^  answerAccuracy\s+0\.500  \[0\.237, 0\.763\]\s+5/10  >= 0\.40\s+✓$", accuracy);
        Assert.Matches(@"^  mrr\s+0\.250\s+8$", mrr);
        Assert.Matches(@"^  refusalAccuracy\s+-\s+0/0$", lines.Single(l => l.StartsWith("  refusalAccuracy ", StringComparison.Ordinal)));

        // Columns stay aligned: values, counts and thresholds end or start at the same place on every row.
        Assert.Equal(accuracy.IndexOf("0.500", StringComparison.Ordinal), mrr.IndexOf("0.250", StringComparison.Ordinal));
        Assert.Equal(accuracy.IndexOf("5/10", StringComparison.Ordinal) + 4, mrr.IndexOf('8', StringComparison.Ordinal) + 1);
        Assert.Equal(header.IndexOf("threshold", StringComparison.Ordinal), accuracy.IndexOf(">=", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_per_category_rates_show_their_count_and_Wilson_interval()
    {
        var summary = new MetricSummary(
            12,
            new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.5, [MetricNames.RefusalAccuracy] = 1 },
            new Dictionary<string, int> { [MetricNames.AnswerAccuracy] = 10, [MetricNames.RefusalAccuracy] = 2 },
            0);
        var category = new MetricSummary(
            10,
            new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.5 },
            new Dictionary<string, int> { [MetricNames.AnswerAccuracy] = 10 },
            0);
        var report = new EvaluationReport("set.jsonl", "Test", "Hybrid", summary, new Dictionary<string, MetricSummary> { ["facts"] = category }, [], 1);

        var lines = EvaluationRenderer.Report(report, []).Split('\n');

        var first = Array.IndexOf(lines, "Rates by category: k/n [95% CI]");
        Assert.True(first > 0);
        Assert.Matches(@"^  facts\s+5/10 \[0\.237, 0\.763\]\s+-\s+-\s+-$", lines[first + 2]);
        Assert.Matches(@"^  \(all\)\s+5/10 \[0\.237, 0\.763\]\s+2/2 \[0\.342, 1\.000\]\s+-\s+-$", lines[first + 3]);
    }

    [Fact]
    public void Report_says_which_model_answered_and_which_judged()
    {
        var summary = new MetricSummary(0, new Dictionary<string, double>(), new Dictionary<string, int>(), 0);
        var report = new EvaluationReport("set.jsonl", "OpenAICompatible", "Hybrid", summary, new Dictionary<string, MetricSummary>(), [], 1)
        {
            Answerer = new AnswererInfo("OpenAICompatible", "answer-model"),
            Judge = new JudgeInfo("judge-model", "judge.example:8443"),
        };

        var lines = EvaluationRenderer.Report(report, []).Split('\n');

        Assert.Contains("Answerer: OpenAICompatible answer-model; groundedness judge: judge-model at judge.example:8443", lines);
    }

    [Fact]
    public void Report_without_a_judge_says_groundedness_was_not_measured()
    {
        var summary = new MetricSummary(0, new Dictionary<string, double>(), new Dictionary<string, int>(), 0);
        var report = new EvaluationReport("set.jsonl", "Extractive", "Hybrid", summary, new Dictionary<string, MetricSummary>(), [], 1);

        var lines = EvaluationRenderer.Report(report, []).Split('\n');

        Assert.Contains("Answerer: Extractive; groundedness: not measured (no AskBot:Eval:Judge configured)", lines);
    }
}
