using AskBot.Core.Evaluation;

namespace AskBot.Core.Tests.Evaluation;

public sealed class AnswerNormalizerTests
{
    [Fact]
    public void Normalize_ThousandsSeparator_IsRemoved()
    {
        Assert.Equal(AnswerNormalizer.Normalize("6200"), AnswerNormalizer.Normalize("6,200"));
        Assert.Equal("1000000 people", AnswerNormalizer.Normalize("1,000,000 people"));
    }

    [Fact]
    public void Normalize_CurlyQuotesDashesCaseAndSpacing_AreFolded()
    {
        Assert.Equal("the country's \"most popular\" band - picnic", AnswerNormalizer.Normalize("The  country’s “most popular”\n band — Picnic"));
    }

    [Fact]
    public void Normalize_ListSeparatorBeforeSpace_IsKept()
    {
        Assert.Equal("in 2015, 137 people", AnswerNormalizer.Normalize("In 2015, 137 people"));
    }

    [Theory]
    [InlineData("The venue holds 6,200 people [1].", "6200", true)]
    [InlineData("The 6200-capacity venue [1].", "6,200", true)]
    [InlineData("Led by the country’s band [1].", "country's band", true)]
    [InlineData("It happened in Russia.", "us", false)]
    [InlineData("The U.S. warned Russia.", "u.s.", true)]
    [InlineData("It killed 137 people.", "13", false)]
    [InlineData("13 service members died.", "13", true)]
    [InlineData("SANAULLAH GHAFARI leads it.", "Sanaullah Ghafari", true)]
    public void ContainsAnswer_MatchesWholeWordsAfterNormalisation(string answer, string accepted, bool expected)
    {
        Assert.Equal(expected, AnswerNormalizer.ContainsAnswer(answer, [accepted]));
    }

    [Fact]
    public void ContainsAnswer_AnyAcceptedAliasCounts()
    {
        Assert.True(AnswerNormalizer.ContainsAnswer("The band Piknik", ["Picnic", "Piknik"]));
        Assert.False(AnswerNormalizer.ContainsAnswer("The band", ["Picnic", "Piknik", string.Empty]));
    }
}
