using AskBot.Core.Evaluation;

namespace AskBot.Core.Tests.Evaluation;

public sealed class ThresholdCheckTests
{
    private static readonly MetricSummary Summary = new(
        10,
        new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.7, [MetricNames.FalseRefusalRate] = 0.2, [MetricNames.LatencyP95Ms] = 40 },
        new Dictionary<string, int> { [MetricNames.AnswerAccuracy] = 10, [MetricNames.FalseRefusalRate] = 10, [MetricNames.LatencyP95Ms] = 10 },
        0);

    [Fact]
    public void Evaluate_MinimumAndMaximumThresholds_AreMetOnTheRightSide()
    {
        var results = ThresholdCheck.Evaluate(Summary, new Dictionary<string, double>
        {
            [MetricNames.LatencyP95Ms] = 30,
            [MetricNames.AnswerAccuracy] = 0.7,
            [MetricNames.FalseRefusalRate] = 0.25,
        });

        Assert.Equal([MetricNames.AnswerAccuracy, MetricNames.FalseRefusalRate, MetricNames.LatencyP95Ms], results.Select(r => r.Metric));
        Assert.True(results[0].Met);
        Assert.False(results[0].LowerIsBetter);
        Assert.True(results[1].Met);
        Assert.True(results[1].LowerIsBetter);
        Assert.False(results[2].Met);
        Assert.Equal(40, results[2].Value);
    }

    [Fact]
    public void Evaluate_MetricWithoutValue_IsNotMet()
    {
        var result = Assert.Single(ThresholdCheck.Evaluate(Summary, new Dictionary<string, double> { [MetricNames.Mrr] = 0.1 }));

        Assert.False(result.Met);
        Assert.True(double.IsNaN(result.Value));
    }

    [Fact]
    public void Evaluate_OptionalMetricTheRunDidNotMeasure_IsNotChecked()
    {
        var results = ThresholdCheck.Evaluate(Summary, new Dictionary<string, double>
        {
            [MetricNames.AnswerAccuracyGain] = 0.15,
            [MetricNames.Groundedness] = 0.9,
            [MetricNames.AnswerAccuracy] = 0.5,
        });

        Assert.Equal([MetricNames.AnswerAccuracy], results.Select(r => r.Metric));
    }

    [Fact]
    public void Evaluate_OptionalMetricTheRunMeasured_IsChecked()
    {
        var summary = Summary with { Metrics = new Dictionary<string, double>(Summary.Metrics) { [MetricNames.AnswerAccuracyGain] = 0.1 } };

        var result = Assert.Single(ThresholdCheck.Evaluate(summary, new Dictionary<string, double> { [MetricNames.AnswerAccuracyGain] = 0.15 }));

        Assert.False(result.Met);
    }

    [Fact]
    public void Evaluate_UnknownMetricNames_ThrowsNamingThemAll()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThresholdCheck.Evaluate(Summary, new Dictionary<string, double>
        {
            ["accuracy"] = 0.5,
            [MetricNames.Mrr] = 0.1,
            ["AnswerAccuracy"] = 0.5,
        }));

        Assert.Contains("accuracy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnswerAccuracy", ex.Message, StringComparison.Ordinal);
    }
}
