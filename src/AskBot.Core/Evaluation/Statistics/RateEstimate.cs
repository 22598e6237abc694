namespace AskBot.Core.Evaluation;

/// <summary>A rate metric as a count of successes with its 95% Wilson interval.</summary>
/// <param name="Metric">Metric name (one of <see cref="MetricNames.Rates"/>).</param>
/// <param name="Successes">Questions whose value is 1.</param>
/// <param name="Trials">Questions the metric applies to.</param>
/// <param name="Interval">The Wilson interval; null when the metric applies to no question.</param>
public sealed record RateEstimate(string Metric, int Successes, int Trials, WilsonInterval? Interval)
{
    /// <summary>
    /// The rates of <paramref name="summary"/>, in report order. Successes come back from mean × count, which is
    /// exact for a mean of 0/1 values, so the summary needs no separate tally.
    /// </summary>
    public static IReadOnlyList<RateEstimate> Of(MetricSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var estimates = new List<RateEstimate>();
        foreach (var metric in MetricNames.All.Concat(MetricNames.Optional).Where(MetricNames.Rates.Contains))
        {
            if (!summary.Counts.TryGetValue(metric, out var trials))
            {
                continue;
            }

            var successes = trials > 0 && summary.Metrics.TryGetValue(metric, out var mean) && double.IsFinite(mean)
                ? Math.Clamp((int)Math.Round(mean * trials), 0, trials)
                : 0;
            estimates.Add(new RateEstimate(metric, successes, trials, WilsonInterval.Of(successes, trials)));
        }

        return estimates;
    }
}
