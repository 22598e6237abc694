using AskBot.Cli.Output;

namespace AskBot.Cli.Tests.Unit;

/// <summary>Terminal-safe text.</summary>
public sealed class TextSanitizerTests
{
    [Theory]
    [InlineData("Who leads ISIS-K?\u0007", "Who leads ISIS-K?")]
    [InlineData("\u001b[31mred\u001b[0m", "[31mred[0m")]
    [InlineData("a\r\nb\tc", "a b c")]
    [InlineData("left\u202Eright", "leftright")]
    [InlineData("  spaced   out  ", "spaced out")]
    public void Single_line_drops_controls_and_collapses_whitespace(string input, string expected)
    {
        Assert.Equal(expected, TextSanitizer.SingleLine(input));
    }

    [Fact]
    public void Multi_line_keeps_newlines_and_tabs_and_normalises_carriage_returns()
    {
        Assert.Equal("a\nb\n\tc\nd", TextSanitizer.MultiLine("a\r\nb\r\tc\u0007\nd\u009b"));
    }

    [Theory]
    [InlineData("\u0007")]
    [InlineData(" \t\n ")]
    [InlineData("\u001b")]
    public void Question_of_only_controls_and_spaces_is_empty(string input)
    {
        Assert.Equal(string.Empty, TextSanitizer.Question(input));
    }
}
