using AskBot.Core.Answering.Citations;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering;

public sealed class SupportCheckerTests
{
    private const string Passage = "Today ISIS-K is based in eastern Afghanistan and Pakistan and is led by a 29-year-old named Sanaullah Ghafari.";
    private readonly SupportChecker checker = new(new TermAnalyzer());

    [Theory]
    [InlineData("Sanaullah Ghafari")]
    [InlineData("ISIS-K is led by Sanaullah Ghafari.")]
    [InlineData(Passage)]
    public void IsSupported_ClaimDrawnFromThePassage_IsTrue(string claim)
    {
        Assert.True(this.checker.IsSupported(claim, Passage));
    }

    [Theory]
    [InlineData("ISIS-K is led by a 35-year-old named Sanaullah Ghafari.")]
    [InlineData("ISIS-K is based in eastern Afghanistan and led by Abu Bakr.")]
    [InlineData("The group is financed by cryptocurrency donations from abroad.")]
    public void IsSupported_WrongNumberNameOrUnrelatedClaim_IsFalse(string claim)
    {
        Assert.False(this.checker.IsSupported(claim, Passage));
    }

    [Theory]
    [InlineData("The sources give different figures:", true)]
    [InlineData("The sources give 3 figures:", false)]
    [InlineData("Sanaullah Ghafari leads it.", false)]
    public void IsLeadIn_FactFreeColonLine_IsALeadIn(string claim, bool expected)
    {
        Assert.Equal(expected, this.checker.IsLeadIn(claim));
    }
}
