using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>Bad input and bad settings: exit code 2, a one-line reason on stderr, nothing on stdout, no index needed.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly TestWorkspace workspace = TestWorkspace.Create();

    public void Dispose() => this.workspace.Dispose();

    [Fact]
    public async Task Ask_with_empty_question_exits_2_with_usage_on_stderr()
    {
        var result = await this.workspace.RunAsync("ask", string.Empty);

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("usage: askbot ask", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Ask_with_whitespace_question_exits_2_with_usage()
    {
        var result = await this.workspace.RunAsync("ask", "  \t  ");

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("usage: askbot ask", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_without_question_argument_is_a_usage_error()
    {
        var result = await this.workspace.RunAsync("ask");

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Ask_with_question_over_the_limit_exits_2_naming_the_limit_and_setting()
    {
        var result = await this.workspace.RunAsync("ask", new string('a', 2001));

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Equal("error: the question is 2001 characters; the limit is 2000 (AskBot:Chat:MaxQuestionChars)", result.StdErr.Trim());
    }

    [Fact]
    public async Task Question_limit_comes_from_the_environment_variable()
    {
        var result = await this.workspace.RunAsync(
            ["ask", "Who leads the group now?"],
            new Dictionary<string, string> { ["AskBot__Chat__MaxQuestionChars"] = "10" });

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("the question is 24 characters; the limit is 10", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_file_overrides_environment_variables()
    {
        var config = Path.Combine(this.workspace.Root, "small.json");
        await File.WriteAllTextAsync(config, """{ "AskBot": { "Chat": { "MaxQuestionChars": 5 } } }""");

        var result = await this.workspace.RunAsync(
            ["ask", "Who leads?", "--config", config],
            new Dictionary<string, string> { ["AskBot__Chat__MaxQuestionChars"] = "50" });

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("the limit is 5 (AskBot:Chat:MaxQuestionChars)", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask", "AskBot__Chat__MaxQuestionChars", "0", "AskBot:Chat:MaxQuestionChars")]
    [InlineData("ask", "AskBot__Retrieval__Mode", "Bogus", "AskBot:Retrieval:Mode")]
    [InlineData("ask", "AskBot__Retrieval__TopK", "many", "AskBot:Retrieval:TopK")]
    [InlineData("ask", "AskBot__Chunking__NearDuplicateThreshold", "2", "AskBot:Chunking:NearDuplicateThreshold")]
    [InlineData("ask", "AskBot__Corpus__Path", "", "AskBot:Corpus:Path")]
    [InlineData("chat", "AskBot__Embeddings__Provider", "Cloud", "AskBot:Embeddings:Provider")]
    [InlineData("index", "AskBot__Chat__MaxAnswerSentences", "0", "AskBot:Chat:MaxAnswerSentences")]
    public async Task Invalid_setting_fails_at_start_with_one_line_naming_the_setting(string command, string variable, string value, string settingPath)
    {
        string[] args = command == "ask" ? ["ask", "Who leads ISIS-K?"] : [command];

        var result = await this.workspace.RunAsync(args, new Dictionary<string, string> { [variable] = value }, stdin: "Who leads ISIS-K?\n");

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: invalid setting {settingPath}: ", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Nonexistent_config_file_exits_2_naming_it()
    {
        var result = await this.workspace.RunAsync("ask", "Who leads ISIS-K?", "--config", "no-such-settings.json");

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("no-such-settings.json", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_file_that_is_not_json_exits_2_naming_it()
    {
        var config = Path.Combine(this.workspace.Root, "broken.json");
        await File.WriteAllTextAsync(config, "{ this is not json");

        var result = await this.workspace.RunAsync("index", "--config", config);

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("broken.json", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask")]
    [InlineData("chat")]
    [InlineData("index")]
    public async Task Missing_corpus_folder_exits_2_naming_the_path(string command)
    {
        var missing = Path.Combine(this.workspace.Root, "no-corpus-here");
        string[] args = command == "ask" ? ["ask", "Who leads ISIS-K?"] : [command];

        var result = await this.workspace.RunAsync(args, new Dictionary<string, string> { ["AskBot__Corpus__Path"] = missing });

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("no-corpus-here", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("ask", "Who leads ISIS-K?", "--frobnicate")]
    [InlineData("index", "--rebiuld")]
    public async Task Unknown_command_or_option_is_a_usage_error(params string[] args)
    {
        var result = await this.workspace.RunAsync(args);

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains(args[^1], result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Help_is_printed_on_stdout_with_exit_0()
    {
        var result = await this.workspace.RunAsync("--help");

        result.AssertExitCode(0);
        Assert.Contains("ask", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("chat", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("index", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("eval", result.StdOut, StringComparison.Ordinal);
    }
}
