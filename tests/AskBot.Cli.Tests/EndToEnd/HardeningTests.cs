using System.Text.RegularExpressions;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// Inputs that used to surface as "unexpected …Exception" (exit 1), or to fail late: each is one line on stderr with
/// exit code 2, before any work it would waste. Also: a command composes only the adapters it uses.
/// </summary>
public sealed partial class HardeningTests : IDisposable
{
    private const string OneSeed = "000_75d4ad7e9ff018e8";

    private readonly TestWorkspace workspace = TestWorkspace.Create(OneSeed);

    public void Dispose() => this.workspace.Dispose();

    [Fact]
    public async Task Ask_ignores_an_invalid_discord_setting()
    {
        var result = await this.workspace.RunAsync(
            ["ask", "Who leads the group?"],
            new Dictionary<string, string> { ["AskBot__Discord__MaxConcurrentQuestions"] = "0" });

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.DoesNotContain("Discord", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_still_rejects_an_invalid_discord_setting()
    {
        var result = await this.workspace.RunAsync(
            ["discord"],
            new Dictionary<string, string> { ["AskBot__Discord__MaxConcurrentQuestions"] = "0" });

        AssertOneLineUsageError(result, "error: invalid setting AskBot:Discord:MaxConcurrentQuestions:");
    }

    [Theory]
    [InlineData("index")]
    [InlineData("ask")]
    public async Task Empty_corpus_folder_exits_2_naming_it(string command)
    {
        using var empty = TestWorkspace.Create("no-such-seed");

        string[] args = command == "ask" ? ["ask", "Who leads the group?"] : [command];
        var result = await empty.RunAsync(args);

        AssertOneLineUsageError(result, $"error: no readable *.txt files in {empty.Corpus}");
    }

    [Fact]
    public async Task Corpus_whose_every_file_is_skipped_exits_2()
    {
        using var skipped = TestWorkspace.Create("no-such-seed");
        await File.WriteAllBytesAsync(Path.Combine(skipped.Corpus, "binary.txt"), [0, 1, 2, 3]);

        var result = await skipped.RunAsync("index");

        result.AssertExitCode(2).AssertNoStackTrace();
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"error: no readable *.txt files in {skipped.Corpus}", lines[^1]);
        Assert.DoesNotContain("unexpected", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_log_level_exits_2_naming_the_setting_and_the_levels()
    {
        var result = await this.workspace.RunAsync(
            ["index"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Bogus" });

        AssertOneLineUsageError(result, "error: invalid setting Logging:LogLevel:Default: 'Bogus' is not one of Trace, Debug, Information, Warning, Error, Critical, None");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n   \n\t\n")]
    public async Task Question_set_without_questions_exits_2_before_anything_is_asked(string content)
    {
        var set = QuestionSets.Write(this.workspace, "blank.jsonl", content);

        var result = await this.workspace.RunAsync("eval", "--set", set);

        AssertOneLineUsageError(result, "error: blank.jsonl: no questions");
        Assert.False(Directory.Exists(this.workspace.IndexCache), "the index was built, so the set ran");
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--html")]
    public async Task Unwritable_report_path_exits_2_before_anything_is_asked(string flag)
    {
        var set = QuestionSets.Write(this.workspace, "set.jsonl", QuestionSets.Small);

        var result = await this.workspace.RunAsync("eval", "--set", set, flag, "/proc/askbot-report/x.out");

        AssertOneLineUsageError(result, "error: cannot write report /proc/askbot-report/x.out: ");
        Assert.False(Directory.Exists(this.workspace.IndexCache), "the index was built, so the set ran");
    }

    [Fact]
    public async Task Index_says_plainly_when_the_cache_was_not_written()
    {
        var result = await this.workspace.RunAsync(
            ["index"],
            new Dictionary<string, string> { ["AskBot__Corpus__IndexCachePath"] = "/proc/askbot-cache" });

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(CacheNotWritten(), result.StdOut);
        Assert.DoesNotContain("Cache path:", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mistyped_command_exits_2_with_one_line_naming_the_nearest_command()
    {
        var result = await this.workspace.RunAsync("aks", "x");

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Equal("error: unknown command 'aks'; did you mean 'ask'?\n", result.StdErr);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Unknown_command_far_from_every_command_lists_the_commands()
    {
        var result = await this.workspace.RunAsync("zzzzzz");

        AssertOneLineUsageError(result, "error: unknown command 'zzzzzz'; commands: ask, chat, index, eval, guard-check, discord, feedback");
    }

    private static void AssertOneLineUsageError(CliResult result, string expected)
    {
        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    [GeneratedRegex(@"(?m)^Cache:\s+not written \(.+\)$")]
    private static partial Regex CacheNotWritten();
}
