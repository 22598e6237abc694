namespace AskBot.Core.Evaluation;

/// <summary>The exact (binomial) McNemar test of paired pass/fail outcomes.</summary>
internal static class McNemarTest
{
    /// <summary>Significance level below which a paired change counts as significant.</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// Two-sided exact p-value for <paramref name="passToFail"/> (b) and <paramref name="failToPass"/> (c)
    /// discordant pairs: a binomial test of min(b, c) on b + c trials with p = 0.5; 1 when nothing flipped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double ExactPValue(int passToFail, int failToPass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passToFail);
        ArgumentOutOfRangeException.ThrowIfNegative(failToPass);
        var n = passToFail + failToPass;
        var k = Math.Min(passToFail, failToPass);

        // Log space: C(n, i) / 2^n overflows or underflows in plain doubles once n reaches about a thousand.
        var logTerm = -n * Math.Log(2);
        var tail = Math.Exp(logTerm);
        for (var i = 1; i <= k; i++)
        {
            logTerm += Math.Log(n - i + 1) - Math.Log(i);
            tail += Math.Exp(logTerm);
        }

        return Math.Min(1, 2 * tail);
    }
}
