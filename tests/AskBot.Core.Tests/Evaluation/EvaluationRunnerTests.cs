using AskBot.Core.Answering;
using AskBot.Core.Conversation;
using AskBot.Core.Evaluation;
using AskBot.Core.Tests.TestSupport;
using Xunit.Abstractions;
using static AskBot.Core.Tests.Evaluation.EvalTestData;

namespace AskBot.Core.Tests.Evaluation;

/// <summary>The runner against a scripted service (conversation handling, failures) and against the real pipeline.</summary>
public sealed class EvaluationRunnerTests : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture fixture;
    private readonly ITestOutputHelper output;

    public EvaluationRunnerTests(PipelineFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    [Fact]
    public async Task RunAsync_HistoryTurns_AreAskedInOrderAsOneConversationBeforeTheQuestion()
    {
        var service = new ScriptedAskService();
        var runner = new EvaluationRunner(service, TimeProvider.System);
        var question = Question(question: "How old is he?", history: ["Who leads ISIS-K?", "Where is it based?"], answers: ["29"]);

        var report = await runner.RunAsync("set.jsonl", [question], "Hybrid");

        Assert.Equal(["Who leads ISIS-K?", "Where is it based?", "How old is he?"], service.Asked.Select(a => a.Question));
        Assert.Equal([0, 1, 2], service.Asked.Select(a => a.History.Turns.Count));
        var lastHistory = service.Asked[2].History.Turns;
        Assert.Equal("Who leads ISIS-K?", lastHistory[0].Question);
        Assert.Equal("standalone: Who leads ISIS-K?", lastHistory[0].StandaloneQuestion);
        Assert.Equal("answer to Who leads ISIS-K?", lastHistory[0].Answer);
        Assert.Equal("Scripted", report.Provider);
        Assert.Equal("Hybrid", report.Retriever);
        Assert.Equal("set.jsonl", report.QuestionSet);
    }

    [Fact]
    public async Task RunAsync_InvalidQuestion_BecomesAFailedQuestionAndTheRunContinues()
    {
        var service = new ScriptedAskService { Invalid = "bad" };
        var runner = new EvaluationRunner(service, TimeProvider.System);
        var progress = new List<int>();

        var report = await runner.RunAsync("set.jsonl", [Question("a", question: "bad"), Question("b", question: "fine")], "Hybrid", new SyncProgress(progress.Add));

        Assert.Equal(2, report.Questions.Count);
        var failed = report.Questions[0];
        Assert.False(failed.Passed);
        Assert.StartsWith("invalid question: ", failed.FailureReasons[0], StringComparison.Ordinal);
        Assert.True(failed.Result.Refused);
        Assert.Equal(1, failed.Metrics[MetricNames.FalseRefusalRate]);
        Assert.Equal("fine", report.Questions[1].Result.Question);
        Assert.Equal([1, 2], progress);
        Assert.Equal(["fact"], report.Categories.Keys);
        Assert.Equal(2, report.Categories["fact"].Count);
    }

    [Fact]
    public async Task RunAsync_RealPipelineOnSmallSet_ScoresFactFollowUpAndRefusal()
    {
        using var folder = new IngestionTempFolder();
        var path = folder.WriteText("small.jsonl", """
            {"id": "fact", "question": "Who leads ISIS-K?", "answerable": true, "answers": ["Sanaullah Ghafari"], "sources": ["000_75d4ad7e9ff018e8", "001_faa7436319fd51a6"], "evidence": ["is led by a 29-year-old named Sanaullah Ghafari"], "category": "fact"}
            {"id": "follow", "question": "How old is he?", "history": ["Who leads ISIS-K?"], "answerable": true, "answers": ["29"], "sources": ["000_75d4ad7e9ff018e8", "001_faa7436319fd51a6"], "evidence": ["is led by a 29-year-old named Sanaullah Ghafari", "Its leader, 29-year-old Sanaullah Ghafari"], "category": "follow-up"}
            {"id": "none", "question": "What is the capital of Australia?", "answerable": false, "category": "unanswerable"}
            """);
        var questions = await new QuestionSetReader().ReadAsync(path);
        var runner = new EvaluationRunner(this.fixture.Ask, TimeProvider.System);

        var report = await runner.RunAsync(path, questions, "Hybrid");

        Assert.Equal("Extractive", report.Provider);
        Assert.All(report.Questions, q => Assert.True(q.Passed, $"{q.Question.Id}: {string.Join("; ", q.FailureReasons)}"));
        var followUp = report.Questions[1];
        Assert.Contains("Ghafari", followUp.Result.StandaloneQuestion, StringComparison.Ordinal);
        Assert.Equal(1, followUp.Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(1, report.Questions[2].Metrics[MetricNames.RefusalAccuracy]);
        Assert.Equal(1, report.Summary.Metrics[MetricNames.GuardSupport]);
        Assert.Equal(1, report.Summary.RefusedExcludedFromCitations);
        Assert.Equal(["fact", "follow-up", "unanswerable"], report.Categories.Keys);
        Assert.All(report.Questions, q => Assert.True(q.LatencyMs > 0));
    }

    [Fact]
    public async Task RunAsync_ShippedSet_ScoresEveryQuestionWithMetricsInRange()
    {
        var path = Path.Combine(RepoPaths.Root, "eval", "questions.jsonl");
        var questions = await new QuestionSetReader().ReadAsync(path);
        var runner = new EvaluationRunner(this.fixture.Ask, TimeProvider.System);

        var report = await runner.RunAsync(path, questions, "Hybrid");

        Assert.Equal(File.ReadLines(path).Count(l => !string.IsNullOrWhiteSpace(l)), report.Questions.Count);
        foreach (var (name, value) in report.Summary.Metrics.Where(m => !MetricNames.LowerIsBetter.Contains(m.Key) || m.Key == MetricNames.FalseRefusalRate))
        {
            Assert.InRange(value, 0, 1);
            this.output.WriteLine($"{name,-18} {value:F3} (n={report.Summary.Counts[name]})");
        }

        this.output.WriteLine($"latency p50 {report.Summary.Metrics[MetricNames.LatencyP50Ms]:F1} ms, p95 {report.Summary.Metrics[MetricNames.LatencyP95Ms]:F1} ms");
        this.output.WriteLine($"passed {report.Questions.Count(q => q.Passed)}/{report.Questions.Count}, refused excluded {report.Summary.RefusedExcludedFromCitations}, wall {report.WallSeconds:F2} s");
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private sealed class ScriptedAskService : IAskService
    {
        public List<(string Question, ConversationHistory History)> Asked { get; } = [];

        public string? Invalid { get; init; }

        public Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
        {
            if (question == this.Invalid)
            {
                throw new InvalidQuestionException("The question is empty.");
            }

            this.Asked.Add((question, history ?? ConversationHistory.Empty));
            var result = Result($"answer to {question}", refused: false, question: question) with
            {
                StandaloneQuestion = "standalone: " + question,
                Provider = "Scripted",
            };
            return Task.FromResult(result);
        }
    }
}
