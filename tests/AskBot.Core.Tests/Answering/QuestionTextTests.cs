using AskBot.Core.Answering;

namespace AskBot.Core.Tests.Answering;

public sealed class QuestionTextTests
{
    [Fact]
    public void Clean_ControlAndFormatCharacters_BecomeSingleSpaces()
    {
        Assert.Equal("Who leads ISIS-K?", QuestionText.Clean("Who\u0007 leads\r\n\tISIS-K?\u001b", 100));
    }

    [Fact]
    public void Clean_OnlyControlCharacters_IsEmpty()
    {
        Assert.Throws<InvalidQuestionException>(() => QuestionText.Clean("\u0007\u0008", 100));
    }

    [Fact]
    public void Clean_OverTheLimit_NamesTheSetting()
    {
        var ex = Assert.Throws<InvalidQuestionException>(() => QuestionText.Clean("abcdef", 5));

        Assert.Contains("limit is 5", ex.Message, StringComparison.Ordinal);
    }
}
