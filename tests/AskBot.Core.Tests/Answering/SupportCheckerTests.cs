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

    private const string Attack =
        "Islamic State claimed responsibility for the attack. Eleven people were arrested and 137 were killed, officials said on March 24. "
        + "The Kremlin did not comment, but Putin blamed Ukraine.";

    [Theory]
    [InlineData("Islamic State did not claim responsibility for the attack.", SupportFailure.Negation)]
    [InlineData("Islamic State never claimed responsibility for the attack.", SupportFailure.Negation)]
    [InlineData("Islamic State failed to claim responsibility for the attack.", SupportFailure.Negation)]
    [InlineData("The Kremlin did comment.", SupportFailure.Negation)]
    [InlineData("137 people were arrested and 11 were killed.", SupportFailure.Number)]
    [InlineData("Over 137 were killed.", SupportFailure.Number)]
    [InlineData("Twelve people were arrested.", SupportFailure.Number)]
    [InlineData("Ukraine blamed Putin.", SupportFailure.Role)]
    [InlineData("The Kremlin did not comment, but Putin blamed Russia.", SupportFailure.Name)]
    public void Check_ClaimThatContradictsThePassage_IsUnsupportedWithTheReason(string claim, SupportFailure expected)
    {
        var verdict = this.checker.Check(claim, Attack);

        Assert.Equal(expected, verdict.Failure);
        Assert.StartsWith(expected == SupportFailure.Role ? "roles:" : expected.ToString().ToLowerInvariant() + ":", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Islamic State claimed responsibility for the attack.")]
    [InlineData("Eleven people were arrested and 137 were killed.")]
    [InlineData("11 people were arrested.")]
    [InlineData("137 were killed, officials said on March 24.")]
    [InlineData("Putin blamed Ukraine.")]
    [InlineData("Ukraine was blamed by Putin.")]
    [InlineData("The Kremlin did not comment.")]
    public void Check_ClaimThatSaysWhatThePassageSays_IsSupported(string claim)
    {
        Assert.Equal(SupportVerdict.Supported, this.checker.Check(claim, Attack));
    }

    [Fact]
    public void Check_NameOnlyInTheHeader_IsSupported()
    {
        Assert.True(this.checker.Check("Reuters: 137 were killed, officials said.", Attack, "Moscow attack\nBy Reuters staff\n2024-03-24").IsSupported);
    }
}
