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
}
