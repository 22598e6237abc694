using AskBot.Core.Evaluation;

namespace AskBot.Core.Tests.Evaluation;

public sealed class EvidenceOverlapTests
{
    private const string Shared30 = "abcdefghij klmnopqrst uvwxyz12";

    [Fact]
    public void Overlaps_QuoteContainingTheEvidence_IsTrue()
    {
        Assert.True(EvidenceOverlap.Overlaps("Intro. The mayor opened the new bridge on Monday. More text.", "opened the new bridge"));
    }

    [Fact]
    public void Overlaps_EvidenceContainingAShortQuote_IsTrue()
    {
        Assert.True(EvidenceOverlap.Overlaps("the new bridge", "The mayor opened the new bridge on Monday."));
    }

    [Fact]
    public void Overlaps_SharedRunOfThirtyCharacters_IsTrueThoughNeitherContainsTheOther()
    {
        Assert.Equal(30, Shared30.Length);

        Assert.True(EvidenceOverlap.Overlaps("qqq" + Shared30 + "#", "zzz" + Shared30 + "!"));
    }

    [Fact]
    public void Overlaps_SharedRunOfTwentyNineCharacters_IsFalse()
    {
        var shared29 = Shared30[..29];

        Assert.False(EvidenceOverlap.Overlaps("qqq" + shared29 + "#", "zzz" + shared29 + "!"));
    }

    [Fact]
    public void Overlaps_EvidenceCutByAChunkBoundary_IsTrue()
    {
        const string evidence = "The council approved the budget after a long debate, and the mayor signed it the same night.";
        const string quote = "Earlier that week the council approved the budget after a long debate";

        Assert.True(EvidenceOverlap.Overlaps(quote, evidence));
    }

    [Fact]
    public void Overlaps_DifferencesOfCaseQuotesAndLineBreaks_AreNormalisedAway()
    {
        Assert.True(EvidenceOverlap.Overlaps("One of the COUNTRY'S most  popular rock bands played.", "the country’s most popular\nrock bands"));
    }

    [Theory]
    [InlineData("", "text")]
    [InlineData("text", "")]
    [InlineData("   ", "   ")]
    public void Overlaps_EmptyText_IsFalse(string quote, string evidence)
    {
        Assert.False(EvidenceOverlap.Overlaps(quote, evidence));
    }

    [Fact]
    public void OverlapsAny_NoEvidence_IsFalse()
    {
        Assert.False(EvidenceOverlap.OverlapsAny("anything at all", []));
    }
}
