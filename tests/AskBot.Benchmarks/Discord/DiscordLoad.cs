using System.Globalization;
using AskBot.Benchmarks.Support;
using AskBot.Core.Indexing;
using AskBot.Discord.Tests.Load;
using AskBot.Discord.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Discord;

/// <summary>Arguments of <c>discord-load</c>.</summary>
internal sealed record DiscordLoadArguments(int Users, int Questions, int Runs, int RateLimit)
{
    public static DiscordLoadArguments Parse(string[] args)
    {
        var reader = new ArgReader(args, new HashSet<string>(["--users", "--questions", "--runs", "--rate-limit"], StringComparer.Ordinal));
        return new DiscordLoadArguments(
            reader.Int("--users", 30, 1, 1000),
            reader.Int("--questions", 300, 1, 100_000),
            reader.Int("--runs", 1, 1, 100),
            reader.Int("--rate-limit", 5, 1, 10_000));
    }
}

/// <summary>
/// <c>discord-load</c>: the load of the load test (users asking at once by mention, thread follow-up and <c>/ask</c>)
/// through the whole adapter and a fake Discord on loopback, with the real offline pipeline on seeds/. Reports, per
/// run, latency from the question's dispatch to its reply reaching the fake REST API (answers and rate-limit replies
/// separately) and throughput. Each run gets a fresh bot (fresh rate limits), after one warm-up question.
/// </summary>
internal static class DiscordLoad
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(DiscordLoadArguments arguments, CancellationToken cancellationToken)
    {
        var cache = AskBotHost.TempFolder("askbot-discord-load");
        try
        {
            // The index is built once here; every run's host loads it from the cache.
            using (var services = AskBotHost.Build(RepoPaths.Seeds, cache))
            {
                await services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
            }

            var texts = QuestionSet.Load(RepoPaths.QuestionSet);
            Console.WriteLine(
                $"discord-load: {arguments.Users} users, {arguments.Questions} questions, rate limit {arguments.RateLimit}/60 s, "
                + $"{Environment.ProcessorCount} cores");
            Console.WriteLine("run  answered  limited  lost  elapsed_s  questions_per_s  answer_p50_ms  answer_p95_ms  answer_max_ms  limited_p50_ms");
            var throughputs = new List<double>();
            var p50s = new List<double>();
            var p95s = new List<double>();
            var maxes = new List<double>();
            for (var run = 1; run <= arguments.Runs; run++)
            {
                var result = await RunOnceAsync(cache, texts, arguments, cancellationToken).ConfigureAwait(false);
                var answers = Latencies(result, reply => reply == "answer");
                var limited = Latencies(result, reply => reply is "slowdown" or "reaction" or "ephemeral");
                var lost = result.Questions.Count(q => q.Reply is null);
                var throughput = result.Questions.Count / result.Elapsed.TotalSeconds;
                throughputs.Add(throughput);
                p50s.Add(Percentiles.NearestRank(answers, 50));
                p95s.Add(Percentiles.NearestRank(answers, 95));
                maxes.Add(answers.Count == 0 ? double.NaN : answers.Max());
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{run,3}  {answers.Count,8}  {limited.Count,7}  {lost,4}  {result.Elapsed.TotalSeconds,9:0.00}  {throughput,15:0.0}  {p50s[^1],13:0.0}  {p95s[^1],13:0.0}  {maxes[^1],13:0.0}  {Percentiles.NearestRank(limited, 50),14:0.0}"));
            }

            if (arguments.Runs > 1)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"median of {arguments.Runs}: {Percentiles.NearestRank(throughputs, 50):0.0} questions/s, answer p50 {Percentiles.NearestRank(p50s, 50):0.0} ms, "
                    + $"p95 {Percentiles.NearestRank(p95s, 50):0.0} ms, max {Percentiles.NearestRank(maxes, 50):0.0} ms"));
            }

            return 0;
        }
        finally
        {
            AskBotHost.TryDeleteFolder(cache);
        }
    }

    private static async Task<DiscordLoadResult> RunOnceAsync(
        string cache,
        IReadOnlyList<string> texts,
        DiscordLoadArguments arguments,
        CancellationToken cancellationToken)
    {
        await using var host = await DiscordAdapterHost.StartAsync(
            cache,
            new Dictionary<string, string?>
            {
                ["UserRateLimitCount"] = arguments.RateLimit.ToString(CultureInfo.InvariantCulture),
            }).ConfigureAwait(false);

        // Warm-up: the first question loads the index and the embedding model.
        await host.Gateway.SendDispatchAsync("MESSAGE_CREATE", new
        {
            id = "1",
            channel_id = "warm-up",
            channel_type = 1,
            type = 0,
            content = texts[0],
            author = new { id = "1", username = "warm-up" },
            mentions = Array.Empty<object>(),
        }).ConfigureAwait(false);
        await host.Rest.WaitForRequestAsync(request => request.Is("POST", "/channels/warm-up/messages"), ReplyTimeout).ConfigureAwait(false);

        return await DiscordLoadDriver.RunAsync(
            host.Gateway,
            host.Rest,
            texts,
            new DiscordLoadOptions(arguments.Users, arguments.Questions),
            ReplyTimeout,
            cancellationToken).ConfigureAwait(false);
    }

    private static List<double> Latencies(DiscordLoadResult result, Func<string?, bool> kind) =>
        result.Questions.Where(q => kind(q.Reply) && q.Latency is not null).Select(q => q.Latency!.Value.TotalMilliseconds).ToList();
}
