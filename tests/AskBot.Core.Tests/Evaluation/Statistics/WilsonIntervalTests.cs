using AskBot.Core.Evaluation;

namespace AskBot.Core.Tests.Evaluation.Statistics;

public sealed class WilsonIntervalTests
{
    // Expected bounds computed independently (Python, z = 1.959964), rounded to 4 decimals.
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 2, 0.0945, 0.9055)]
    [InlineData(2, 3, 0.2077, 0.9385)]
    [InlineData(122, 172, 0.6375, 0.7720)]
    public void Of_GivesTheKnownWilsonBounds(int successes, int trials, double lower, double upper)
    {
        var interval = WilsonInterval.Of(successes, trials);

        Assert.NotNull(interval);
        Assert.Equal(lower, interval.Value.Lower, 4);
        Assert.Equal(upper, interval.Value.Upper, 4);
    }

    [Fact]
    public void Of_AllOrNoSuccesses_StaysExactlyWithinZeroAndOne()
    {
        Assert.Equal(0, WilsonInterval.Of(0, 7)!.Value.Lower);
        Assert.Equal(1, WilsonInterval.Of(7, 7)!.Value.Upper);
    }

    [Fact]
    public void Of_NoTrials_GivesNoInterval()
    {
        Assert.Null(WilsonInterval.Of(0, 0));
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(4, 3)]
    [InlineData(0, -1)]
    public void Of_ImpossibleCounts_Throw(int successes, int trials)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(successes, trials));
    }
}
