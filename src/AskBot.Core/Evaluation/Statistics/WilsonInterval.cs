namespace AskBot.Core.Evaluation;

/// <summary>The 95% Wilson score interval of a binomial proportion.</summary>
/// <param name="Lower">Lower bound, in [0, 1].</param>
/// <param name="Upper">Upper bound, in [0, 1].</param>
public readonly record struct WilsonInterval(double Lower, double Upper)
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z = 1.959964;

    /// <summary>
    /// The interval of <paramref name="successes"/> out of <paramref name="trials"/>; null when there are no trials.
    /// Wilson rather than the normal approximation because it stays inside [0, 1] and is sensible at 0 or n
    /// successes, which small categories often have.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or successes exceed trials.</exception>
    public static WilsonInterval? Of(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return null;
        }

        double n = trials;
        var p = successes / n;
        var z2 = Z * Z;
        var denominator = 1 + (z2 / n);
        var center = (p + (z2 / (2 * n))) / denominator;
        var half = Z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;

        // At 0 or n successes the bound is exactly 0 or 1 in theory; rounding must not push it outside.
        return new WilsonInterval(
            successes == 0 ? 0 : Math.Max(0, center - half),
            successes == trials ? 1 : Math.Min(1, center + half));
    }
}
