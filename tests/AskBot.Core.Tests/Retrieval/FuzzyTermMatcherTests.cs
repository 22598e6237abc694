using AskBot.Core.Retrieval;

namespace AskBot.Core.Tests.Retrieval;

public sealed class FuzzyTermMatcherTests
{
    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    public void MaxEdits_follows_term_length(int length, int edits)
    {
        Assert.Equal(edits, FuzzyTermMatcher.MaxEdits(length));
    }

    [Fact]
    public void Matches_finds_vocabulary_terms_within_the_allowed_distance()
    {
        var matches = FuzzyTermMatcher.Matches("ghaffari", ["ghafari", "ghafur", "taliban"]);

        Assert.Equal(["ghafari"], matches);
    }

    [Fact]
    public void Matches_counts_an_adjacent_swap_as_one_edit()
    {
        Assert.Equal(["kabul"], FuzzyTermMatcher.Matches("kbaul", ["kabul"]));
    }

    [Fact]
    public void Matches_leaves_short_terms_and_numbers_exact()
    {
        Assert.Empty(FuzzyTermMatcher.Matches("isk", ["isi", "ask"]));
        Assert.Empty(FuzzyTermMatcher.Matches("2024", ["2023"]));
    }
}
