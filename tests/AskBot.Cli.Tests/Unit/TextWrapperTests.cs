using AskBot.Cli.Output;

namespace AskBot.Cli.Tests.Unit;

/// <summary>Word wrapping.</summary>
public sealed class TextWrapperTests
{
    [Fact]
    public void Lines_fit_the_width_and_carry_the_indent()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 60));

        var lines = TextWrapper.Wrap(text, 40, "    ").Split('\n');

        Assert.True(lines.Length > 1);
        Assert.All(lines, line => Assert.True(line.Length <= 40 && line.StartsWith("    word", StringComparison.Ordinal), line));
        Assert.Equal(text, string.Join(' ', lines.Select(l => l.Trim())));
    }

    [Fact]
    public void Explicit_line_breaks_are_kept_and_long_words_are_not_split()
    {
        var url = "https://example.org/" + new string('x', 80);

        Assert.Equal("first\n" + url, TextWrapper.Wrap("first\n" + url, 40));
    }
}
