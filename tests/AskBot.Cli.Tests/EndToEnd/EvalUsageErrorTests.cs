using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// <c>askbot eval</c> with bad input: exit code 2 and the reason on stderr, before anything is asked. The workspace
/// never gets an index, which proves no question reached the pipeline.
/// </summary>
public sealed class EvalUsageErrorTests : IDisposable
{
    private readonly TestWorkspace workspace = TestWorkspace.Create();

    public void Dispose() => this.workspace.Dispose();

    [Fact]
    public async Task Malformed_question_set_lists_every_bad_line_and_asks_nothing()
    {
        var set = QuestionSets.Write(this.workspace, "broken.jsonl", QuestionSets.ThreeMalformedLines);

        var result = await this.workspace.RunAsync("eval", "--set", set);

        result.AssertExitCode(2).AssertNoStackTrace();
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var lineNumber in new[] { 2, 4, 5 })
        {
            Assert.Contains(lines, line => line.StartsWith($"error: broken.jsonl line {lineNumber}: ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(lines, line => line.Contains("line 1:", StringComparison.Ordinal) || line.Contains("line 3:", StringComparison.Ordinal));
        Assert.Equal(string.Empty, result.StdOut);
        Assert.False(Directory.Exists(this.workspace.IndexCache), "the index was built, so questions were asked");
    }

    [Theory]
    [InlineData("foo=1", "foo")]
    [InlineData("answerAccuracy=high", "high")]
    [InlineData("answerAccuracy", "metric=value")]
    [InlineData("answerAccuracy=-0.5", "-0.5")]
    public async Task Bad_threshold_flag_exits_2_with_one_line(string threshold, string expected)
    {
        var set = QuestionSets.Write(this.workspace, "set.jsonl", QuestionSets.Small);

        var result = await this.workspace.RunAsync("eval", "--set", set, "--threshold", threshold);

        this.AssertOneLineUsageError(result, expected);
    }

    [Fact]
    public async Task Unknown_retriever_exits_2_listing_the_choices()
    {
        var set = QuestionSets.Write(this.workspace, "set.jsonl", QuestionSets.Small);

        var result = await this.workspace.RunAsync("eval", "--set", set, "--retriever", "bogus");

        this.AssertOneLineUsageError(result, "bogus");
        Assert.Contains("hybrid, lexical, vector", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--answerer")]
    [InlineData("--peer")]
    public async Task Unknown_answerer_exits_2_listing_the_choices(string flag)
    {
        var set = QuestionSets.Write(this.workspace, "set.jsonl", QuestionSets.Small);

        var result = await this.workspace.RunAsync("eval", "--set", set, flag, "oracle");

        this.AssertOneLineUsageError(result, "oracle");
        Assert.Contains("reader, top-sentence", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_question_set_exits_2_naming_it()
    {
        var result = await this.workspace.RunAsync("eval", "--set", "no-such-set.jsonl");

        this.AssertOneLineUsageError(result, "no-such-set.jsonl");
    }

    [Fact]
    public async Task Missing_default_question_set_exits_2_naming_the_configured_path()
    {
        var result = await this.workspace.RunAsync("eval");

        this.AssertOneLineUsageError(result, "eval/questions.jsonl");
    }

    [Fact]
    public async Task Missing_baseline_exits_2_naming_it_before_anything_is_asked()
    {
        var set = QuestionSets.Write(this.workspace, "set.jsonl", QuestionSets.Small);

        var result = await this.workspace.RunAsync("eval", "--set", set, "--baseline", "no-such-baseline.json");

        this.AssertOneLineUsageError(result, "no-such-baseline.json");
    }

    [Fact]
    public async Task Configured_threshold_for_an_unknown_metric_is_an_invalid_setting()
    {
        var set = QuestionSets.Write(this.workspace, "set.jsonl", QuestionSets.Small);

        var result = await this.workspace.RunAsync(
            ["eval", "--set", set],
            new Dictionary<string, string> { ["AskBot__Eval__Thresholds__accuracy"] = "0.5" });

        this.AssertOneLineUsageError(result, "error: invalid setting AskBot:Eval:Thresholds:accuracy: unknown metric");
    }

    [Fact]
    public async Task Unknown_eval_option_is_a_usage_error()
    {
        var result = await this.workspace.RunAsync("eval", "--thresold", "mrr=0.5");

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("--thresold", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    private void AssertOneLineUsageError(CliResult result, string expected)
    {
        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
        Assert.False(Directory.Exists(this.workspace.IndexCache), "the index was built, so questions were asked");
    }
}
