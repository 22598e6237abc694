using AskBot.Core.Chunking;
using AskBot.Core.Corpus;

namespace AskBot.Core.Tests.Chunking;

public sealed class SentenceSplitterTests
{
    private readonly SentenceSplitter splitter = new();

    [Theory]
    [InlineData("The U.S. and the U.N. said so on Friday.")]
    [InlineData("Gen. Michael Kurilla told a House committee on Thursday.")]
    [InlineData("It was published Mon. March 25 in print.")]
    [InlineData("Mr. Trump and Dr. Jones met in St. Petersburg on Sunday.")]
    [InlineData("The funeral took place in Kabul on Aug. 27, 2021, officials said.")]
    [InlineData("According to Colin P. Clarke, the group is fixated on Russia.")]
    [InlineData("The photo was taken by Victor J. Blue for the paper.")]
    [InlineData("c.2024 The New York Times Company")]
    [InlineData("The economy grew 3.5 percent last year.")]
    [InlineData("He was ranked No. 1 in the world.")]
    [InlineData("A U.S.-led airstrike killed him.")]
    [InlineData("Putin asked who benefits from this? the reporter wrote.")]
    [InlineData("Putin said “who benefits from this?” in a speech.")]
    [InlineData("The Baza Telegram channel said, without… pic.twitter.com/YvfouAA7U5")]
    public void Split_AbbreviationsInitialsAndDecimals_DoNotEndASentence(string text)
    {
        var sentences = this.splitter.Split(text);

        Assert.Equal([new TextSpan(0, text.Length)], sentences);
    }

    [Theory]
    [InlineData("He left. She stayed.", "He left.", "She stayed.")]
    [InlineData("Is it over? Nobody knows!", "Is it over?", "Nobody knows!")]
    [InlineData("Was it ISIS-K? Yes.", "Was it ISIS-K?", "Yes.")]
    [InlineData("It was called ISIS-K. (The K stands for Khorasan.)", "It was called ISIS-K.", "(The K stands for Khorasan.)")]
    [InlineData("The toll rose in 2021. 13 soldiers died.", "The toll rose in 2021.", "13 soldiers died.")]
    [InlineData("He said “they were killed.” Then he left.", "He said “they were killed.”", "Then he left.")]
    [InlineData("He said \"they were killed.\" Then he left.", "He said \"they were killed.\"", "Then he left.")]
    [InlineData("It was the Times. \"Mr. Trump would pay,\" it said.", "It was the Times.", "\"Mr. Trump would pay,\" it said.")]
    [InlineData("Perhaps its most brazen operation came in January 2024,\nwith twin bombings in Iran.", "Perhaps its most brazen operation came in January 2024,", "with twin bombings in Iran.")]
    [InlineData("The channel said, without…\nNext line here.", "The channel said, without…", "Next line here.")]
    [InlineData("Wait... What happened?", "Wait...", "What happened?")]
    public void Split_TerminalPunctuationAndNewlines_EndSentences(string text, string first, string second)
    {
        var sentences = this.splitter.Split(text).Select(s => s.Slice(text)).ToList();

        Assert.Equal([first, second], sentences);
    }

    [Fact]
    public void Split_Span_ReturnsAbsoluteTrimmedOffsetsInsideTheSpan()
    {
        const string text = "Header line\n\n   First one. Second one?  \nThird.\n\nOutside.";
        var start = text.IndexOf("   First", StringComparison.Ordinal);
        var end = text.IndexOf("\n\nOutside", StringComparison.Ordinal);

        var sentences = this.splitter.Split(text, new TextSpan(start, end));

        Assert.Equal(["First one.", "Second one?", "Third."], sentences.Select(s => s.Slice(text)));
        Assert.All(sentences, s => Assert.True(s.Start >= start && s.End <= end));
        Assert.Equal(text.IndexOf("First", StringComparison.Ordinal), sentences[0].Start);
    }

    [Fact]
    public void Split_CrLfLineBreaks_EndSentencesWithoutKeepingCarriageReturns()
    {
        const string text = "One line without stop\r\nSecond line.\r\n";

        var sentences = this.splitter.Split(text).Select(s => s.Slice(text)).ToList();

        Assert.Equal(["One line without stop", "Second line."], sentences);
    }

    [Fact]
    public void Split_WhitespaceOnly_ReturnsNoSentences()
    {
        Assert.Empty(this.splitter.Split("  \n\t "));
    }
}
