using AskBot.Cli.Commands;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Cli.Tests.Unit;

public sealed class TerminalIndexProgressTests
{
    [Fact]
    public void Embedding_shows_its_rate_and_the_time_left_counting_only_work_done_in_this_run()
    {
        var clock = new FakeTimeProvider();
        var terminal = new StringWriter();
        var progress = new TerminalIndexProgress(terminal, clock);

        // 1,000 of 10,000 vectors came from a checkpoint; then 600 are embedded in 10 s: 60/s, 8,400 left, 2:20.
        progress.Report(new IndexProgress("embedding", 1000, 10_000));
        clock.Advance(TimeSpan.FromSeconds(10));
        progress.Report(new IndexProgress("embedding", 1600, 10_000));

        var last = terminal.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd();
        Assert.Equal("indexing: embedding 1600/10000 (60/s, about 2:20 left)", last);
    }

    [Fact]
    public void A_stage_just_started_shows_no_rate()
    {
        var clock = new FakeTimeProvider();
        var terminal = new StringWriter();
        var progress = new TerminalIndexProgress(terminal, clock);

        progress.Report(new IndexProgress("embedding", 0, 500));
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new IndexProgress("embedding", 32, 500));

        Assert.EndsWith("indexing: embedding 32/500", terminal.ToString().TrimEnd(), StringComparison.Ordinal);
    }
}
