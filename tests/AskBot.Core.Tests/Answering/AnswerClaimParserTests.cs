using AskBot.Core.Answering.Citations;

namespace AskBot.Core.Tests.Answering;

public sealed class AnswerClaimParserTests
{
    [Fact]
    public void Parse_SentencesWithMarkers_SplitsIntoClaimsWithTheirNumbers()
    {
        var claims = AnswerClaimParser.Parse("Sanaullah Ghafari [1].\nHe is 29. [2][3]\nIt is based there [1, 4].");

        Assert.Equal(3, claims.Count);
        Assert.Equal("Sanaullah Ghafari", claims[0].Text);
        Assert.Equal([1], claims[0].Numbers);
        Assert.Equal([2, 3], claims[1].Numbers);
        Assert.Equal([1, 4], claims[2].Numbers);
    }

    [Fact]
    public void Parse_TextAfterTheLastMarker_BecomesAnUncitedClaim()
    {
        var claims = AnswerClaimParser.Parse("Cited. [1] And this is not cited.");

        Assert.Equal(2, claims.Count);
        Assert.Empty(claims[1].Numbers);
    }

    [Fact]
    public void Render_WithNewNumbers_KeepsTextAndPunctuation()
    {
        var claims = AnswerClaimParser.Parse("Alpha [3].\nBeta. [5]");

        var text = AnswerClaimParser.Render(claims.Select((c, i) => (c, (IReadOnlyList<int>)[i + 1])));

        Assert.Equal("Alpha [1].\nBeta. [2]", text);
    }
}
