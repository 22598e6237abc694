namespace AskBot.Benchmarks.Support;

/// <summary>Nearest-rank percentiles, the same definition `askbot eval` uses for its latency metrics.</summary>
internal static class Percentiles
{
    public static double NearestRank(IReadOnlyList<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
