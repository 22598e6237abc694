using AskBot.Core.Evaluation;
using static AskBot.Core.Tests.Evaluation.EvalTestData;

namespace AskBot.Core.Tests.Evaluation;

public sealed class BaselineComparisonTests
{
    [Fact]
    public void Compare_RateWithManyOneWayFlips_IsSignificantAndOneWithFewIsNot()
    {
        // answerAccuracy: q1–q6 fail → pass, q7–q8 pass in both (b = 0, c = 6, p = 0.03125).
        // evidenceHitAt1: q1 pass → fail, q4–q5 fail → pass (b = 1, c = 2, p = 1).
        var baseline = Baseline(
            ("q1", 0, 1), ("q2", 0, 1), ("q3", 0, 1), ("q4", 0, 0), ("q5", 0, 0), ("q6", 0, 0), ("q7", 1, 0), ("q8", 1, 0), ("gone", 0, 0));
        var current = Report(
            [("q1", 1, 0), ("q2", 1, 1), ("q3", 1, 1), ("q4", 1, 1), ("q5", 1, 1), ("q6", 1, 0), ("q7", 1, 0), ("q8", 1, 0), ("new", 0, 1)]);

        var diff = BaselineComparison.Compare(current, baseline);

        var accuracy = diff.Metrics.Single(d => d.Metric == MetricNames.AnswerAccuracy);
        Assert.NotNull(accuracy.Paired);
        Assert.Equal(8, accuracy.Paired.Pairs);
        Assert.Equal(0, accuracy.Paired.PassToFail);
        Assert.Equal(["q1", "q2", "q3", "q4", "q5", "q6"], accuracy.Paired.FailedToPassed);
        Assert.Equal(0.03125, accuracy.Paired.PValue, 12);
        Assert.True(accuracy.Significant);

        var evidence = diff.Metrics.Single(d => d.Metric == MetricNames.EvidenceHitAt1);
        Assert.NotNull(evidence.Paired);
        Assert.Equal(["q1"], evidence.Paired.PassedToFailed);
        Assert.Equal(["q4", "q5"], evidence.Paired.FailedToPassed);
        Assert.Equal(1.0, evidence.Paired.PValue, 12);
        Assert.False(evidence.Significant);
    }

    [Fact]
    public void Compare_LowerIsBetterRate_CountsGoingFromZeroToOneAsPassToFail()
    {
        var baseline = Baseline(("q1", 1, 1), ("q2", 1, 1)) with
        {
            QuestionMetrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["q1"] = new Dictionary<string, double> { [MetricNames.FalseRefusalRate] = 0 },
                ["q2"] = new Dictionary<string, double> { [MetricNames.FalseRefusalRate] = 1 },
            },
        };
        var current = Report([("q1", 1, 1), ("q2", 1, 1)], MetricNames.FalseRefusalRate, [1, 1]);

        var diff = BaselineComparison.Compare(current, baseline);

        var falseRefusals = diff.Metrics.Single(d => d.Metric == MetricNames.FalseRefusalRate).Paired;
        Assert.NotNull(falseRefusals);
        Assert.Equal(["q1"], falseRefusals.PassedToFailed);
        Assert.Empty(falseRefusals.FailedToPassed);
    }

    [Fact]
    public void Compare_BaselineWithoutPerQuestionMetrics_GivesDeltasWithoutPairedTest()
    {
        var baseline = Baseline(("q1", 0, 1)) with { QuestionMetrics = null };
        var current = Report([("q1", 1, 1)]);

        var diff = BaselineComparison.Compare(current, baseline);

        var accuracy = diff.Metrics.Single(d => d.Metric == MetricNames.AnswerAccuracy);
        Assert.Equal(1.0, accuracy.Delta, 9);
        Assert.Null(accuracy.Paired);
        Assert.False(accuracy.Significant);
        Assert.All(diff.Metrics, d => Assert.Null(d.Paired));
    }

    [Fact]
    public void Compare_NonRateMetrics_GetNoPairedTest()
    {
        var baseline = Baseline(("q1", 0, 1)) with
        {
            Summary = new Dictionary<string, double> { [MetricNames.Mrr] = 0.5, [MetricNames.AnswerAccuracy] = 0 },
        };
        var current = Report([("q1", 1, 1)], MetricNames.Mrr, [1]);

        var diff = BaselineComparison.Compare(current, baseline);

        Assert.Null(diff.Metrics.Single(d => d.Metric == MetricNames.Mrr).Paired);
        Assert.NotNull(diff.Metrics.Single(d => d.Metric == MetricNames.AnswerAccuracy).Paired);
    }

    private static EvaluationReport Report((string Id, double Accuracy, double Evidence)[] questions, string? extra = null, double[]? extraValues = null)
    {
        IReadOnlyList<QuestionEvaluation> evaluated = questions
            .Select((q, i) =>
            {
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    [MetricNames.AnswerAccuracy] = q.Accuracy,
                    [MetricNames.EvidenceHitAt1] = q.Evidence,
                };
                if (extra is not null)
                {
                    metrics[extra] = extraValues![i];
                }

                return new QuestionEvaluation(Question(q.Id), Result("An answer."), metrics, [], [], 10);
            })
            .ToList();
        return new EvaluationReport("set.jsonl", "Test", "Hybrid", EvaluationMetrics.Summarize(evaluated), new Dictionary<string, MetricSummary>(), evaluated, 1);
    }

    private static BaselineReport Baseline(params (string Id, double Accuracy, double Evidence)[] questions) =>
        new(
            null,
            null,
            null,
            new Dictionary<string, double>
            {
                [MetricNames.AnswerAccuracy] = questions.Average(q => q.Accuracy),
                [MetricNames.EvidenceHitAt1] = questions.Average(q => q.Evidence),
                [MetricNames.FalseRefusalRate] = 0.5,
            },
            questions.ToDictionary(q => q.Id, _ => true),
            questions.ToDictionary(
                q => q.Id,
                q => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
                {
                    [MetricNames.AnswerAccuracy] = q.Accuracy,
                    [MetricNames.EvidenceHitAt1] = q.Evidence,
                }));
}
