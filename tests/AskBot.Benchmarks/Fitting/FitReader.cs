using System.Globalization;
using System.Text;
using System.Text.Json;
using AskBot.Benchmarks.Support;
using AskBot.Core.Answering;
using AskBot.Core.Answering.Reading;
using AskBot.Core.Answering.Reading.Training;
using AskBot.Core.Conversation;
using AskBot.Core.Evaluation;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Fitting;

/// <summary>What <c>fit-reader</c> was asked to do.</summary>
internal sealed record FitArguments(string NormansFolder, string ModelOut, string ReportOut, int Folds, string? DumpOut, RankerKind Ranker)
{
    private static readonly HashSet<string> Known = ["--normans", "--out", "--report", "--folds", "--dump", "--ranker"];

    public static FitArguments Parse(string[] args)
    {
        var reader = new ArgReader(args, Known);
        return new FitArguments(
            reader.String("--normans") ?? Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "eval", "squad-normans")),
            reader.String("--out") ?? Path.Combine(RepoPaths.Root, "src", "AskBot.Core", "Answering", "Reading", "reader-model.json"),
            reader.String("--report") ?? Path.Combine(RepoPaths.Root, "docs", "reader-fit.json"),
            reader.Int("--folds", 5, 2, 20),
            reader.String("--dump"),
            reader.String("--ranker") switch
            {
                null or "linear" => RankerKind.LogisticRegression,
                "trees" => RankerKind.BoostedTrees,
                var other => throw new UsageException($"--ranker must be trees or linear, got '{other}'"),
            });
    }
}

/// <summary>
/// Fits the reader's ranker and confidence model (ML.NET) on the shipped question set and the Normans (SQuAD 2.0) set,
/// writes the model the product embeds and a report of in-sample and k-fold cross-validated figures per set.
/// </summary>
internal static class FitReader
{
    public static async Task<int> RunAsync(FitArguments arguments, CancellationToken cancellationToken)
    {
        var sets = new (string Name, string Corpus, string Questions)[]
        {
            ("shipped", RepoPaths.Seeds, RepoPaths.QuestionSet),
            ("normans", Path.Combine(arguments.NormansFolder, "corpus"), Path.Combine(arguments.NormansFolder, "questions.jsonl")),
        };
        // The shipped model answers the earlier turns of follow-ups while evidence is gathered; after the features changed
        // it no longer loads, and an untrained one stands in.
        ReaderModel current;
        try
        {
            current = ReaderModel.LoadEmbedded();
        }
        catch (InvalidDataException)
        {
            current = ReaderModel.Untrained;
        }

        // Follow-ups are rewritten against the earlier turns' answers, which the model itself gives: a second round
        // gathers with the model the first fitted, so the shipped model is fitted on the answers it gives.
        var training = await GatherAllAsync(sets, current, cancellationToken);
        training = await GatherAllAsync(sets, ReaderTrainer.Fit(training, arguments.Ranker), cancellationToken);
        var model = ReaderTrainer.Fit(training, arguments.Ranker);
        var report = ReaderTrainer.Evaluate(training, model, arguments.Folds, arguments.Ranker);
        await using (var stream = File.Create(arguments.ModelOut))
        {
            model.Write(stream);
        }

        var json = JsonSerializer.Serialize(
            new
            {
                fitted = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                sets = sets.Select(s => new { s.Name, questions = Path.GetRelativePath(RepoPaths.Root, s.Questions) }),
                candidates = training.Sum(q => q.Evidence.Candidates.Count),
                ranker = arguments.Ranker.ToString(),
                report.Folds,
                report.InSample,
                report.CrossValidated,
            },
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        await File.WriteAllTextAsync(arguments.ReportOut, json + "\n", cancellationToken);
        if (arguments.DumpOut is not null)
        {
            await File.WriteAllLinesAsync(arguments.DumpOut, training.Select(q => Dump(q, model)), cancellationToken);
        }

        Console.Write(Render(report));
        Console.WriteLine($"model: {arguments.ModelOut}\nreport: {arguments.ReportOut}");
        return 0;
    }

    private static async Task<List<TrainingQuestion>> GatherAllAsync(
        (string Name, string Corpus, string Questions)[] sets, ReaderModel model, CancellationToken cancellationToken)
    {
        var training = new List<TrainingQuestion>();
        foreach (var (name, corpus, questions) in sets)
        {
            if (!Directory.Exists(corpus) || !File.Exists(questions))
            {
                throw new UsageException($"question set {name} not found at {questions} (corpus {corpus})");
            }

            var cache = AskBotHost.TempFolder("askbot-fit");
            try
            {
                await using var services = AskBotHost.Build(corpus, cache, readerModel: model);
                training.AddRange(await GatherAsync(services, name, questions, cancellationToken));
            }
            finally
            {
                AskBotHost.TryDeleteFolder(cache);
            }
        }

        return training;
    }

    private static async Task<List<TrainingQuestion>> GatherAsync(IServiceProvider services, string set, string path, CancellationToken cancellationToken)
    {
        var questions = await services.GetRequiredService<QuestionSetReader>().ReadAsync(path, cancellationToken);
        await services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync(null, cancellationToken);
        var ask = services.GetRequiredService<IAskService>();
        var rewriter = services.GetRequiredService<IQuestionRewriter>();
        var retriever = services.GetRequiredService<IRetriever>();
        var reader = services.GetRequiredService<SentenceReader>();
        var gathered = new List<TrainingQuestion>(questions.Count);
        foreach (var question in questions)
        {
            // The same path an answer takes: earlier turns answered, the follow-up rewritten, the focus retrieved.
            var history = ConversationHistory.Empty;
            foreach (var turn in question.History)
            {
                var earlier = await ask.AskAsync(turn, history, cancellationToken);
                history = history.Append(new ConversationTurn(earlier.Question, earlier.StandaloneQuestion, earlier.Answer, earlier.Refused));
            }

            var clean = QuestionText.Clean(question.Question, int.MaxValue);
            var standalone = history.Turns.IsEmpty ? clean : (await rewriter.RewriteAsync(clean, history, cancellationToken: cancellationToken)).Standalone;
            var focused = QuestionFocus.Extract(standalone);
            var passages = await retriever.RetrieveAsync(focused, cancellationToken: cancellationToken);
            gathered.Add(new TrainingQuestion(set, question, await reader.GatherAsync(focused, passages, cancellationToken)));
        }

        return gathered;
    }

    // One JSON line per question: what the fitted model chose and where the first right sentence ranked (diagnosis).
    private static string Dump(TrainingQuestion question, ReaderModel model)
    {
        var result = SentenceReader.Decide(question.Evidence, model);
        var firstRight = result.Candidates.ToList().FindIndex(question.StatesAnswer);
        return JsonSerializer.Serialize(new
        {
            set = question.Set,
            id = question.Question.Id,
            question = question.Question.Question,
            type = result.Profile.Type.ToString(),
            answerable = question.Question.Answerable,
            answers = question.Question.Answers,
            candidates = result.Candidates.Count,
            firstRight,
            confidence = Math.Round(result.Confidence, 3),
            top = result.Candidates.Take(3).Select(c => new { p = Math.Round(c.Probability, 3), c.Text, features = c.Features.Select(f => Math.Round(f, 3)) }),
        });
    }

    private static string Render(ReaderTrainingReport report)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{"set",-10} {"fit",-16} {"answerable",10} {"unanswer.",9} {"bestSent",8} {"answer",7} {"refusal",7} {"falseRef",8}\n");
        foreach (var (label, figures) in new[] { ("in-sample", report.InSample), ($"{report.Folds}-fold CV", report.CrossValidated) })
        {
            foreach (var f in figures)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{f.Set,-10} {label,-16} {f.Answerable,10} {f.Unanswerable,9} {f.BestSentenceAccuracy,8:0.000} {f.AnswerAccuracy,7:0.000} {f.RefusalAccuracy,7:0.000} {f.FalseRefusalRate,8:0.000}\n");
            }
        }

        return builder.ToString();
    }
}
