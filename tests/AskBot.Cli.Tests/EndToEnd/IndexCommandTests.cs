using System.Text.RegularExpressions;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot index</c>: statistics, the cache, and quiet output when redirected.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed partial class IndexCommandTests(IndexedCorpusFixture fixture)
{
    private static readonly string[] StatisticLabels =
        ["Files:", "Files skipped:", "Articles:", "Chunks:", "Duplicates dropped:", "Boilerplate lines dropped:", "From cache:", "Elapsed:", "Cache path:"];

    [Fact]
    public void First_index_run_builds_and_prints_every_statistic()
    {
        var result = fixture.FirstIndexRun;

        result.AssertExitCode(0).AssertNoStackTrace();
        foreach (var label in StatisticLabels)
        {
            Assert.Contains("\n" + label, "\n" + result.StdOut, StringComparison.Ordinal);
        }

        Assert.Matches(Statistic("Files", "5"), result.StdOut);
        Assert.Matches(Statistic("Files skipped", "0"), result.StdOut);
        Assert.Matches(Statistic("From cache", "no"), result.StdOut);
        Assert.Contains(fixture.Workspace.IndexCache, result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_index_run_loads_from_cache()
    {
        var result = await fixture.Workspace.RunAsync("index");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(Statistic("From cache", "yes"), result.StdOut);
        Assert.Equal(Count("Chunks", fixture.FirstIndexRun.StdOut), Count("Chunks", result.StdOut));
    }

    [Fact]
    public async Task Rebuild_ignores_a_valid_cache()
    {
        var result = await fixture.Workspace.RunAsync("index", "--rebuild");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(Statistic("From cache", "no"), result.StdOut);
    }

    [Fact]
    public async Task Redirected_index_output_has_no_progress_noise()
    {
        var result = await fixture.Workspace.RunAsync("index");

        result.AssertExitCode(0);
        Assert.DoesNotContain('\r', result.StdOut + result.StdErr);
        Assert.Equal(string.Empty, result.StdErr);
    }

    private static Regex Statistic(string label, string value) =>
        new($"^{Regex.Escape(label)}:\\s+{Regex.Escape(value)}$", RegexOptions.Multiline);

    private static string Count(string label, string output) =>
        new Regex($"^{Regex.Escape(label)}:\\s+(\\d+)$", RegexOptions.Multiline).Match(output).Groups[1].Value;
}
