namespace AskBot.Core.Evaluation;

/// <summary>One threshold compared with its metric's value.</summary>
/// <param name="Metric">Metric name (see <see cref="MetricNames"/>).</param>
/// <param name="Value">The run's value; <see cref="double.NaN"/> when the metric applied to no question.</param>
/// <param name="Threshold">The configured threshold.</param>
/// <param name="LowerIsBetter">True when the threshold is a maximum rather than a minimum.</param>
/// <param name="Met">Whether the value is on the right side of the threshold (false when the value is missing).</param>
public sealed record ThresholdResult(string Metric, double Value, double Threshold, bool LowerIsBetter, bool Met);

/// <summary>Compares a run's metrics with configured thresholds.</summary>
public static class ThresholdCheck
{
    // Means of 0/1 values carry rounding error; a value this close to the threshold is on it.
    private const double Tolerance = 1e-9;

    /// <summary>
    /// One result per threshold, in <see cref="MetricNames.All"/> order, then <see cref="MetricNames.Optional"/> (those only
    /// when the run measured them).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="thresholds"/> names a metric that does not exist (all such names are listed).</exception>
    public static IReadOnlyList<ThresholdResult> Evaluate(MetricSummary summary, IReadOnlyDictionary<string, double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(thresholds);
        var known = MetricNames.All.Concat(MetricNames.Optional).ToHashSet(StringComparer.Ordinal);
        var unknown = thresholds.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"unknown metric(s) in thresholds: {string.Join(", ", unknown)} (known: {string.Join(", ", MetricNames.All)})",
                nameof(thresholds));
        }

        var results = new List<ThresholdResult>();
        foreach (var metric in MetricNames.All.Concat(MetricNames.Optional))
        {
            if (!thresholds.TryGetValue(metric, out var threshold))
            {
                continue;
            }

            var lowerIsBetter = MetricNames.LowerIsBetter.Contains(metric);
            var value = summary.Metrics.TryGetValue(metric, out var v) ? v : double.NaN;
            if (double.IsNaN(value) && MetricNames.Optional.Contains(metric))
            {
                // Measured only on request (an LLM judge, a peer run): nothing to check when the run did not measure it.
                continue;
            }

            var met = !double.IsNaN(value) && (lowerIsBetter ? value <= threshold + Tolerance : value >= threshold - Tolerance);
            results.Add(new ThresholdResult(metric, value, threshold, lowerIsBetter, met));
        }

        return results;
    }
}
