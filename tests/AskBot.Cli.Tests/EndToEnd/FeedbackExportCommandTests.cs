using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot feedback export</c> refuses to invent an empty export when the database path is wrong.</summary>
public sealed class FeedbackExportCommandTests : IDisposable
{
    private readonly TestWorkspace workspace = TestWorkspace.Create("000_75d4ad7e9ff018e8");

    [Fact]
    public async Task Missing_feedback_database_exits_2_with_one_line_and_writes_nothing()
    {
        var database = Path.Combine(this.workspace.Root, "no-such-folder", "fb.db");
        var output = Path.Combine(this.workspace.Root, "fb.jsonl");

        var result = await this.workspace.RunAsync(
            ["feedback", "export", "--out", output],
            new Dictionary<string, string> { ["AskBot__Discord__FeedbackDb"] = database });

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(database, line, StringComparison.Ordinal);
        Assert.Contains("AskBot:Discord:FeedbackDb", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
        Assert.False(File.Exists(output), "no export may be written");
        Assert.False(File.Exists(database), "the missing database must not be created");
    }

    public void Dispose() => this.workspace.Dispose();
}
