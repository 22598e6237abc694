using System.Text.RegularExpressions;
using AskBot.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot chat</c> with piped stdin, EOF and SIGINT.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed partial class ChatCommandTests(IndexedCorpusFixture fixture, ITestOutputHelper output)
{
    private TestWorkspace Workspace => fixture.Workspace;

    [Fact]
    public async Task Piped_chat_answers_a_follow_up_and_explains_the_rewrite()
    {
        const string script = "Who leads ISIS-K?\n\nHow old is he?\n/why\n/sources\n/quit\nThis line is never read?\n";

        var result = await this.Workspace.RunAsync(["chat"], stdin: script);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.DoesNotContain("> ", result.StdOut, StringComparison.Ordinal);
        var whyAt = result.StdOut.IndexOf("Standalone question: ", StringComparison.Ordinal);
        Assert.True(whyAt > 0, result.ToString());
        var answers = result.StdOut[..whyAt];
        Assert.Contains("Ghafari", answers, StringComparison.Ordinal);
        Assert.Contains("29", answers, StringComparison.Ordinal);
        Assert.True(SourcesHeading().Matches(answers).Count >= 2, "expected two answers with sources:\n" + result.StdOut);

        var rewrite = StandaloneLine().Match(result.StdOut).Groups["q"].Value.Trim();
        Assert.NotEqual("How old is he?", rewrite);
        Assert.Contains("Retrieved:", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(ScoreLine(), result.StdOut);
        Assert.DoesNotContain("never read", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_of_input_ends_the_chat_with_exit_0()
    {
        var result = await this.Workspace.RunAsync(["chat"], stdin: string.Empty);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Equal(string.Empty, result.StdOut);
    }

    [Fact]
    public async Task Too_long_line_prints_the_error_and_the_chat_goes_on()
    {
        var result = await this.Workspace.RunAsync(
            ["chat"],
            new Dictionary<string, string> { ["AskBot__Chat__MaxQuestionChars"] = "40" },
            stdin: new string('x', 41) + "\nWho leads ISIS-K?\n");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("error: the question is 41 characters; the limit is 40 (AskBot:Chat:MaxQuestionChars)", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Ghafari", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_forgets_the_conversation()
    {
        var result = await this.Workspace.RunAsync(["chat"], stdin: "Who leads ISIS-K?\n/reset\n/why\n");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("Conversation cleared.", result.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("No answer yet.\n", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_in_a_chat_line_never_reach_stdout_raw()
    {
        var result = await this.Workspace.RunAsync(["chat"], stdin: "\u001b[2JWho leads ISIS-K?\u0007\n/why\n");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.DoesNotContain(result.StdOut, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public async Task Ctrl_c_at_the_prompt_exits_cleanly_with_0()
    {
        if (OperatingSystem.IsWindows())
        {
            output.WriteLine("not run: no SIGINT on Windows");
            return;
        }

        using var chat = CliProcess.Start(this.Workspace.Root, ["chat"]);
        await chat.WriteLineAsync("/help");

        // The help text proves the index is loaded and the REPL is waiting on the next line.
        await chat.WaitForStdOutAsync("/quit", CliProcess.DefaultTimeout);
        if (chat.IgnoresInterrupt())
        {
            // Started from a shell that ignores SIGINT for background jobs: there is no Ctrl-C to simulate.
            output.WriteLine("not run: SIGINT is ignored in this process tree");
            return;
        }

        await chat.InterruptAsync();
        var result = await chat.WaitForExitAsync(CliProcess.DefaultTimeout);

        result.AssertExitCode(0).AssertNoStackTrace();
    }

    [GeneratedRegex(@"^Sources$", RegexOptions.Multiline)]
    private static partial Regex SourcesHeading();

    [GeneratedRegex(@"^Standalone question: (?<q>.*)$", RegexOptions.Multiline)]
    private static partial Regex StandaloneLine();

    [GeneratedRegex(@"^  \d\.\d{3}  \S+#", RegexOptions.Multiline)]
    private static partial Regex ScoreLine();
}
