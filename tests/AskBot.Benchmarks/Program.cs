using AskBot.Benchmarks.Discord;
using AskBot.Benchmarks.Fitting;
using AskBot.Benchmarks.Micro;
using AskBot.Benchmarks.Scale;
using AskBot.Benchmarks.Support;

// bench: BenchmarkDotNet micro-benchmarks; scale: synthetic-corpus harness against Lucene.Net; seeds: in-process
// latency on the shipped corpus and question set. See docs/PERFORMANCE.md.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage.Text);
    return args.Length == 0 ? 2 : 0;
}

try
{
    return args[0] switch
    {
        "bench" => BenchRunner.Run(args[1..]),
        "scale" => await ScaleHarness.RunAsync(ScaleArguments.Parse(args[1..]), CancellationToken.None),
        "scale-serve" => await ScaleHarness.ServeAsync(args[1..], CancellationToken.None),
        "seeds" => await SeedsLatency.RunAsync(SeedsArguments.Parse(args[1..]), CancellationToken.None),
        "profile" => await IngestProfile.RunAsync(ProfileArguments.Parse(args[1..]), CancellationToken.None),
        "fit-reader" => await FitReader.RunAsync(FitArguments.Parse(args[1..]), CancellationToken.None),
        "discord-load" => await DiscordLoad.RunAsync(DiscordLoadArguments.Parse(args[1..]), CancellationToken.None),
        _ => throw new UsageException($"unknown command '{args[0]}' (expected bench, scale, seeds, profile, fit-reader or discord-load)"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
