using AskBot.Core.Evaluation;
using AskBot.Core.Tests.Answering;
using Microsoft.Extensions.DependencyInjection;
using static AskBot.Core.Tests.Evaluation.EvalTestData;

namespace AskBot.Core.Tests.Evaluation;

/// <summary>The LLM groundedness judge with a scripted fake provider, its disk cache, and the runner's metric.</summary>
public sealed class LlmGroundednessJudgeTests : IClassFixture<FakeProviderHost>
{
    private readonly FakeProviderHost host;

    public LlmGroundednessJudgeTests(FakeProviderHost host)
    {
        this.host = host;
    }

    [Fact]
    public async Task RunAsync_LlmProvider_ReportsGroundednessAndASecondRunHitsTheCache()
    {
        var chat = new FakeChatService
        {
            Reply = (prompt, user) => prompt == FakePrompt.Judge
                ? "{\"supported\": true, \"reason\": \"The passage states it.\"}"
                : FakeChatService.SentenceOfSourceOne(user, "Ghafari") + " [1]",
        };
        var cacheDir = Path.Combine(this.host.JudgeCacheDir, "first");
        await using var services = this.host.Build(chat, new Dictionary<string, string?> { ["AskBot:Eval:JudgeCachePath"] = cacheDir });
        var runner = services.GetRequiredService<EvaluationRunner>();
        EvalQuestion[] questions = [Question("j1", question: "Who leads ISIS-K?", answers: ["Ghafari"])];

        var first = await runner.RunAsync("set.jsonl", questions, "Hybrid");
        var judgeCalls = chat.CallsOf(FakePrompt.Judge);
        var second = await runner.RunAsync("set.jsonl", questions, "Hybrid");

        Assert.Equal(1, judgeCalls);
        Assert.Equal(judgeCalls, chat.CallsOf(FakePrompt.Judge));
        Assert.Equal(1.0, first.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(1.0, second.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(1, first.Summary.Counts[MetricNames.Groundedness]);
        Assert.Single(Directory.GetFiles(cacheDir, "*.json"));
        Assert.Contains("Claim: ", chat.Calls.First(c => c.Prompt == FakePrompt.Judge).User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_JudgeSaysUnsupported_GroundednessIsZero()
    {
        var chat = new FakeChatService
        {
            Reply = (prompt, user) => prompt == FakePrompt.Judge
                ? "Verdict: {\"supported\": false, \"reason\": \"Not stated.\"}"
                : FakeChatService.SentenceOfSourceOne(user, "Ghafari") + " [1]",
        };
        await using var services = this.host.Build(chat, new Dictionary<string, string?> { ["AskBot:Chat:Model"] = "other-model" });
        var runner = services.GetRequiredService<EvaluationRunner>();

        var report = await runner.RunAsync("set.jsonl", [Question("j2", question: "Who leads ISIS-K?", answers: ["Ghafari"])], "Hybrid");

        Assert.Equal(0.0, report.Summary.Metrics[MetricNames.Groundedness]);
    }

    [Fact]
    public void Summarize_WithoutJudge_HasNoGroundedness()
    {
        var evaluation = new QuestionEvaluation(Question(), Result("x [1]", refused: false), new Dictionary<string, double>(), [], [], 1);

        var summary = EvaluationMetrics.Summarize([evaluation]);

        Assert.False(summary.Metrics.ContainsKey(MetricNames.Groundedness));
        Assert.False(summary.Counts.ContainsKey(MetricNames.Groundedness));
        Assert.DoesNotContain(MetricNames.Groundedness, MetricNames.All);
    }

    [Theory]
    [InlineData("{\"supported\": true, \"reason\": \"ok\"}", true)]
    [InlineData("```json\n{\"supported\": false, \"reason\": \"no\"}\n```", false)]
    [InlineData("{\"supported\": \"true\"}", true)]
    public void Parse_ReadsTheVerdict(string reply, bool expected)
    {
        Assert.Equal(expected, LlmGroundednessJudge.Parse(reply)!.Supported);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("{\"reason\": \"missing verdict\"}")]
    [InlineData("{not json}")]
    public void Parse_UnreadableReply_IsNull(string reply)
    {
        Assert.Null(LlmGroundednessJudge.Parse(reply));
    }
}
