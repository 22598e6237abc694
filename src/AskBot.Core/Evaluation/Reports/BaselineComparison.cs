namespace AskBot.Core.Evaluation;

/// <summary>One metric of the current run next to the baseline's.</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Current">Current value.</param>
/// <param name="Baseline">Baseline value.</param>
/// <param name="Delta">Current − baseline.</param>
/// <param name="LowerIsBetter">True when a negative delta is an improvement.</param>
public sealed record MetricDelta(string Metric, double Current, double Baseline, double Delta, bool LowerIsBetter);

/// <summary>How a run differs from a baseline.</summary>
/// <param name="Metrics">Deltas of the metrics both runs have, in <see cref="MetricNames.All"/> order.</param>
/// <param name="PassedToFailed">Ids that passed in the baseline and fail now, in current question order.</param>
/// <param name="FailedToPassed">Ids that failed in the baseline and pass now, in current question order.</param>
public sealed record BaselineDiff(
    IReadOnlyList<MetricDelta> Metrics,
    IReadOnlyList<string> PassedToFailed,
    IReadOnlyList<string> FailedToPassed);

/// <summary>Compares a run with a baseline report.</summary>
public static class BaselineComparison
{
    /// <summary>Metric deltas and the questions that flipped; questions missing from either side are ignored.</summary>
    public static BaselineDiff Compare(EvaluationReport current, BaselineReport baseline)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        var deltas = MetricNames.All
            .Where(m => current.Summary.Metrics.ContainsKey(m) && baseline.Summary.ContainsKey(m))
            .Select(m => new MetricDelta(
                m,
                current.Summary.Metrics[m],
                baseline.Summary[m],
                current.Summary.Metrics[m] - baseline.Summary[m],
                MetricNames.LowerIsBetter.Contains(m)))
            .ToList();
        var passedToFailed = new List<string>();
        var failedToPassed = new List<string>();
        foreach (var question in current.Questions)
        {
            if (!baseline.Passed.TryGetValue(question.Question.Id, out var passedBefore) || passedBefore == question.Passed)
            {
                continue;
            }

            (passedBefore ? passedToFailed : failedToPassed).Add(question.Question.Id);
        }

        return new BaselineDiff(deltas, passedToFailed, failedToPassed);
    }
}
