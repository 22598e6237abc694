using AskBot.Core.Evaluation;

namespace AskBot.Core.Tests.Evaluation.Statistics;

public sealed class McNemarTestTests
{
    // Expected p-values computed independently (exact binomial sums in Python).
    [Theory]
    [InlineData(0, 6, 0.03125)]
    [InlineData(6, 0, 0.03125)]
    [InlineData(1, 9, 0.021484375)]
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(3, 0, 0.25)]
    [InlineData(1, 4, 0.375)]
    [InlineData(20, 40, 0.01348929373119186)]
    [InlineData(100, 150, 0.001883300935076157)]
    [InlineData(400, 480, 0.007707305043339141)]
    public void ExactPValue_MatchesTheTwoSidedBinomialTest(int passToFail, int failToPass, double expected)
    {
        var p = McNemarTest.ExactPValue(passToFail, failToPass);

        Assert.True(Math.Abs(p - expected) <= 1e-9 * Math.Max(1, expected) + 1e-12, $"p = {p}, expected {expected}");
    }

    [Fact]
    public void ExactPValue_ThousandsOfPairs_StaysFinite()
    {
        var p = McNemarTest.ExactPValue(1500, 1500);

        Assert.Equal(1.0, p);
        Assert.InRange(McNemarTest.ExactPValue(0, 3000), 0, 1e-300);
    }

    [Fact]
    public void ExactPValue_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.ExactPValue(-1, 2));
    }
}
