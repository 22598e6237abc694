using AskBot.Core.Answering.Extractive;

namespace AskBot.Core.Tests.Answering;

public sealed class FigureExtractorTests
{
    [Theory]
    [InlineData("The death toll was 140 as of Wednesday.", "140")]
    [InlineData("killing at least 137 people and injuring at least 100.", "at least 137")]
    [InlineData("the 6,200-capacity venue", "6,200")]
    [InlineData("at between 4,000 and 6,000.", "between 4,000 and 6,000")]
    [InlineData("more than 62 people", "more than 62")]
    public void Extract_CountedFigure_ReturnsFirstPhraseWithQualifier(string sentence, string phrase)
    {
        Assert.Equal(phrase, FigureExtractor.Extract(sentence)[0].Phrase);
    }

    [Theory]
    [InlineData("It emerged in late 2014.")]
    [InlineData("On March 22, armed men burst in.")]
    [InlineData("led by a 29-year-old named Sanaullah Ghafari")]
    public void Extract_YearsDatesAndAges_AreNotFigures(string sentence)
    {
        Assert.Empty(FigureExtractor.Extract(sentence));
    }

    [Fact]
    public void ExtractAges_YearOld_ReturnsTheAge()
    {
        Assert.Equal(29m, FigureExtractor.ExtractAges("led by a 29-year-old named Sanaullah Ghafari")[0].Value);
    }
}
