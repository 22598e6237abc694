using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AskBot.Benchmarks.Support;
using AskBot.Core.Answering;
using AskBot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Scale;

/// <summary>Arguments of <c>seeds</c>.</summary>
internal sealed record SeedsArguments(int Runs, string? JsonPath)
{
    public static SeedsArguments Parse(string[] args)
    {
        var reader = new ArgReader(args, new HashSet<string>(["--runs", "--json"], StringComparer.Ordinal));
        return new SeedsArguments(reader.Int("--runs", 5, 1, 1000), reader.String("--json"));
    }
}

/// <summary>
/// <c>seeds</c>: the in-process offline ask on seeds/ over every question of eval/questions.jsonl (last turn only),
/// after one warm-up pass; per-question wall time and the retrieve/answer split reported by <see cref="AskResult.Timings"/>.
/// </summary>
internal static class SeedsLatency
{
    public static async Task<int> RunAsync(SeedsArguments arguments, CancellationToken cancellationToken)
    {
        var cache = AskBotHost.TempFolder("askbot-seeds");
        try
        {
            using var services = AskBotHost.Build(RepoPaths.Seeds, cache);
            await services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
            var ask = services.GetRequiredService<IAskService>();
            var questions = QuestionSet.Load(RepoPaths.QuestionSet);
            foreach (var question in questions)
            {
                await ask.AskAsync(question, null, cancellationToken).ConfigureAwait(false);
            }

            var total = new List<double>();
            var retrieve = new List<double>();
            var answer = new List<double>();
            var passes = new List<double>();
            for (var run = 0; run < arguments.Runs; run++)
            {
                var pass = Stopwatch.GetTimestamp();
                foreach (var question in questions)
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await ask.AskAsync(question, null, cancellationToken).ConfigureAwait(false);
                    total.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    retrieve.Add(result.Timings.RetrieveMs);
                    answer.Add(result.Timings.AnswerMs);
                }

                passes.Add(Stopwatch.GetElapsedTime(pass).TotalSeconds);
            }

            var figures = new Dictionary<string, double>
            {
                ["questions"] = questions.Count,
                ["runs"] = arguments.Runs,
                ["askP50Ms"] = Percentiles.NearestRank(total, 50),
                ["askP95Ms"] = Percentiles.NearestRank(total, 95),
                ["retrieveP50Ms"] = Percentiles.NearestRank(retrieve, 50),
                ["answerP50Ms"] = Percentiles.NearestRank(answer, 50),
                ["passMedianSeconds"] = Percentiles.NearestRank(passes, 50),
            };
            foreach (var (name, value) in figures)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20}{value,10:0.###}"));
            }

            if (arguments.JsonPath is not null)
            {
                await File.WriteAllTextAsync(arguments.JsonPath, JsonSerializer.Serialize(figures), cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            AskBotHost.TryDeleteFolder(cache);
        }
    }
}
