using System.Text.RegularExpressions;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot index</c>: statistics, the cache, and quiet output when redirected.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed partial class IndexCommandTests(IndexedCorpusFixture fixture)
{
    private static readonly string[] StatisticLabels =
        ["Files:", "Files skipped:", "Articles:", "Chunks:", "Duplicates dropped:", "Boilerplate lines dropped:", "Chunk vectors:",
            "Sentence vectors:", "Vectors reused:", "Inputs truncated:", "From cache:", "Elapsed:", "Cache path:"];

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

        // Every chunk and every distinct sentence has its vector from the model; none was longer than its limit.
        Assert.Equal(Count("Chunks", result.StdOut), Count("Chunk vectors", result.StdOut));
        Assert.True(Number("Sentence vectors", result.StdOut) > Number("Chunks", result.StdOut));
        Assert.Matches(Statistic("Vectors reused", "0"), result.StdOut);
        Assert.Matches(Statistic("Inputs truncated", "0"), result.StdOut);
    }

    [Fact]
    public async Task Editing_one_file_embeds_again_only_the_texts_that_changed()
    {
        using var workspace = TestWorkspace.Create();
        var first = await workspace.RunAsync("index");
        first.AssertExitCode(0);
        var file = Path.Combine(workspace.Corpus, "002_fc0c1c971fc1d54f.txt");
        await File.AppendAllTextAsync(file, "\nA paragraph added after the first build says the museum reopened on a sunny Tuesday.\n");

        var second = await workspace.RunAsync("index");

        second.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(Statistic("From cache", "no"), second.StdOut);
        var before = Number("Chunk vectors", first.StdOut) + Number("Sentence vectors", first.StdOut);
        var after = Number("Chunk vectors", second.StdOut) + Number("Sentence vectors", second.StdOut);
        var reused = Number("Vectors reused", second.StdOut);

        // The new paragraph's sentence and the chunk it joined are new; everything else comes from the old cache.
        Assert.InRange(after - reused, 1, 4);
        Assert.InRange(reused, before - 3, before);
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

    private static int Number(string label, string output) => int.Parse(Count(label, output), System.Globalization.CultureInfo.InvariantCulture);

    private static string Count(string label, string output) =>
        new Regex($"^{Regex.Escape(label)}:\\s+(\\d+)$", RegexOptions.Multiline).Match(output).Groups[1].Value;
}
