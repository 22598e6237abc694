using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>A corpus with an empty file and a file that is not UTF-8 beside good ones: both skipped with a warning, answers still work.</summary>
public sealed class DamagedCorpusTests : IDisposable
{
    private readonly TestWorkspace workspace = TestWorkspace.Create("000_75d4ad7e9ff018e8", "002_fc0c1c971fc1d54f");

    public DamagedCorpusTests()
    {
        File.WriteAllBytes(Path.Combine(this.workspace.Corpus, "empty.txt"), []);
        File.WriteAllBytes(Path.Combine(this.workspace.Corpus, "latin1.txt"), [0x43, 0x61, 0x66, 0xE9, 0x20, 0xFF, 0xC3, 0x28, 0x0A]);
    }

    public void Dispose() => this.workspace.Dispose();

    [Fact]
    public async Task Skipped_files_are_named_on_stderr_and_the_answer_still_works()
    {
        var ask = await this.workspace.RunAsync("ask", "Who leads ISIS-K?");

        ask.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("empty.txt", ask.StdErr, StringComparison.Ordinal);
        Assert.Contains("latin1.txt", ask.StdErr, StringComparison.Ordinal);
        Assert.Contains("Ghafari", ask.StdOut, StringComparison.Ordinal);
        Assert.Contains("Sources", ask.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("empty.txt", ask.StdOut, StringComparison.Ordinal);

        var index = await this.workspace.RunAsync("index");

        index.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(@"(?m)^Files skipped:\s+2$", index.StdOut);
        Assert.Contains("empty.txt", index.StdErr, StringComparison.Ordinal);
        Assert.Contains("latin1.txt", index.StdErr, StringComparison.Ordinal);
    }
}
