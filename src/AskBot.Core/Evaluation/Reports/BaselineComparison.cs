namespace AskBot.Core.Evaluation;

/// <summary>
/// How a rate changed question by question between two runs, over the questions both runs have and the metric applies
/// to in both. A question "passes" a rate when its value is the good one: 1, or 0 for a lower-is-better rate.
/// </summary>
/// <param name="PassedToFailed">Ids that passed in the baseline and fail now (b), in current question order.</param>
/// <param name="FailedToPassed">Ids that failed in the baseline and pass now (c), in current question order.</param>
/// <param name="Pairs">Questions compared.</param>
/// <param name="PValue">Exact two-sided McNemar p-value of b against c.</param>
public sealed record PairedChange(
    IReadOnlyList<string> PassedToFailed,
    IReadOnlyList<string> FailedToPassed,
    int Pairs,
    double PValue)
{
    /// <summary>b: questions that went from pass to fail.</summary>
    public int PassToFail => this.PassedToFailed.Count;

    /// <summary>c: questions that went from fail to pass.</summary>
    public int FailToPass => this.FailedToPassed.Count;

    /// <summary>True when p &lt; <see cref="McNemarTest.Alpha"/>: the flips are unlikely to be noise.</summary>
    public bool Significant => this.PValue < McNemarTest.Alpha;
}

/// <summary>One metric of the current run next to the baseline's.</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Current">Current value.</param>
/// <param name="Baseline">Baseline value.</param>
/// <param name="Delta">Current − baseline.</param>
/// <param name="LowerIsBetter">True when a negative delta is an improvement.</param>
/// <param name="Paired">For a rate whose per-question values both reports hold: the flips and their McNemar test; otherwise null.</param>
public sealed record MetricDelta(string Metric, double Current, double Baseline, double Delta, bool LowerIsBetter, PairedChange? Paired = null)
{
    /// <summary>True when the paired test finds the change significant; never for a metric without one.</summary>
    public bool Significant => this.Paired?.Significant ?? false;
}

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
    /// <summary>
    /// Metric deltas (with a paired McNemar test for each rate) and the questions that flipped; questions missing from
    /// either side are ignored.
    /// </summary>
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
                MetricNames.LowerIsBetter.Contains(m),
                MetricNames.Rates.Contains(m) ? Paired(current, baseline, m) : null))
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

    /// <summary>The flips of one rate; null when the baseline recorded no per-question value of it (an older report).</summary>
    private static PairedChange? Paired(EvaluationReport current, BaselineReport baseline, string metric)
    {
        if (baseline.QuestionMetrics is not { } before || !before.Values.Any(values => values.ContainsKey(metric)))
        {
            return null;
        }

        var lowerIsBetter = MetricNames.LowerIsBetter.Contains(metric);
        var passedToFailed = new List<string>();
        var failedToPassed = new List<string>();
        var pairs = 0;
        foreach (var question in current.Questions)
        {
            if (!question.Metrics.TryGetValue(metric, out var now)
                || !before.TryGetValue(question.Question.Id, out var values)
                || !values.TryGetValue(metric, out var then))
            {
                continue;
            }

            pairs++;
            // Values are 0 or 1; comparing with one half spares an exact floating-point equality.
            var passedThen = (then >= 0.5) != lowerIsBetter;
            var passesNow = (now >= 0.5) != lowerIsBetter;
            if (passedThen && !passesNow)
            {
                passedToFailed.Add(question.Question.Id);
            }
            else if (!passedThen && passesNow)
            {
                failedToPassed.Add(question.Question.Id);
            }
        }

        return new PairedChange(passedToFailed, failedToPassed, pairs, McNemarTest.ExactPValue(passedToFailed.Count, failedToPassed.Count));
    }
}
