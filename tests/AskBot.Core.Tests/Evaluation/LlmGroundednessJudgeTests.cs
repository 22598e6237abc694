using AskBot.Core.Evaluation;
using AskBot.Core.Tests.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static AskBot.Core.Tests.Evaluation.EvalTestData;

namespace AskBot.Core.Tests.Evaluation;

/// <summary>
/// The LLM groundedness judge with scripted fake providers, one for the answerer and one for the judge (so a test can
/// tell which model was asked), its disk cache, and the runner's metric.
/// </summary>
public sealed class LlmGroundednessJudgeTests : IClassFixture<JudgeTestHost>
{
    private const string SupportedVerdict = "{\"supported\": true, \"reason\": \"The passage states it.\"}";

    private readonly JudgeTestHost host;

    public LlmGroundednessJudgeTests(JudgeTestHost host)
    {
        this.host = host;
    }

    [Fact]
    public async Task RunAsync_JudgeConfigured_AsksTheJudgeNotTheAnswererAndASecondRunHitsTheCache()
    {
        var answerer = Answerer();
        var judge = new FakeChatService { Reply = (_, _) => SupportedVerdict };
        var cacheDir = Path.Combine(this.host.Root, "cache-first");
        await using var services = this.host.Build(answerer, judge, JudgeTestHost.WithJudge(cacheDir));
        var runner = services.GetRequiredService<EvaluationRunner>();
        EvalQuestion[] questions = [Question("j1", question: "Who leads ISIS-K?", answers: ["Ghafari"])];

        var first = await runner.RunAsync("set.jsonl", questions, "Hybrid");
        var judgeCalls = judge.CallsOf(FakePrompt.Judge);
        var second = await runner.RunAsync("set.jsonl", questions, "Hybrid");

        Assert.Equal(1, judgeCalls);
        Assert.Equal(judgeCalls, judge.CallsOf(FakePrompt.Judge));
        Assert.Equal(0, answerer.CallsOf(FakePrompt.Judge));
        Assert.Equal(0, judge.CallsOf(FakePrompt.Answer));
        Assert.Equal(1.0, first.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(1.0, second.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(1, first.Summary.Counts[MetricNames.Groundedness]);
        Assert.Single(Directory.GetFiles(cacheDir, "*.json"));
        Assert.Contains("Claim: ", judge.Calls.First(c => c.Prompt == FakePrompt.Judge).User, StringComparison.Ordinal);
        Assert.Equal(new JudgeInfo("judge-model", "127.0.0.1:9"), first.Judge);
        Assert.Equal(new AnswererInfo("OpenAI", "fake-model"), first.Answerer);
    }

    [Fact]
    public async Task RunAsync_JudgeSaysUnsupported_GroundednessIsZero()
    {
        var judge = new FakeChatService { Reply = (_, _) => "Verdict: {\"supported\": false, \"reason\": \"Not stated.\"}" };
        await using var services = this.host.Build(Answerer(), judge, JudgeTestHost.WithJudge(Path.Combine(this.host.Root, "cache-unsupported")));
        var runner = services.GetRequiredService<EvaluationRunner>();

        var report = await runner.RunAsync("set.jsonl", [Question("j2", question: "Who leads ISIS-K?", answers: ["Ghafari"])], "Hybrid");

        Assert.Equal(0.0, report.Summary.Metrics[MetricNames.Groundedness]);
    }

    [Fact]
    public async Task RunAsync_NoJudgeConfigured_HasNoGroundednessAndAsksNoModelToJudge()
    {
        var answerer = Answerer();
        var judge = new FakeChatService { Reply = (_, _) => SupportedVerdict };
        await using var services = this.host.Build(answerer, judge, new Dictionary<string, string?>());
        var runner = services.GetRequiredService<EvaluationRunner>();

        var report = await runner.RunAsync("set.jsonl", [Question("j3", question: "Who leads ISIS-K?", answers: ["Ghafari"])], "Hybrid");

        Assert.False(report.Summary.Metrics.ContainsKey(MetricNames.Groundedness));
        Assert.Null(report.Judge);
        Assert.Equal(0, answerer.CallsOf(FakePrompt.Judge));
        Assert.Empty(judge.Calls);
        Assert.Equal(1, answerer.CallsOf(FakePrompt.Answer));
    }

    [Fact]
    public async Task RunAsync_AnotherJudgeModel_IsAskedAgainInsteadOfReadingTheCache()
    {
        var judge = new FakeChatService { Reply = (_, _) => SupportedVerdict };
        var cacheDir = Path.Combine(this.host.Root, "cache-models");
        EvalQuestion[] questions = [Question("j4", question: "Who leads ISIS-K?", answers: ["Ghafari"])];
        var other = JudgeTestHost.WithJudge(cacheDir);
        other["AskBot:Eval:Judge:Model"] = "other-judge-model";

        await using (var services = this.host.Build(Answerer(), judge, JudgeTestHost.WithJudge(cacheDir)))
        {
            await services.GetRequiredService<EvaluationRunner>().RunAsync("set.jsonl", questions, "Hybrid");
        }

        await using (var services = this.host.Build(Answerer(), judge, other))
        {
            await services.GetRequiredService<EvaluationRunner>().RunAsync("set.jsonl", questions, "Hybrid");
        }

        Assert.Equal(2, judge.CallsOf(FakePrompt.Judge));
        Assert.Equal(2, Directory.GetFiles(cacheDir, "*.json").Length);
    }

    [Theory]
    [InlineData("judge-model", null)]
    [InlineData(null, "http://127.0.0.1:9/v1")]
    [InlineData("judge-model", "file:///tmp/judge")]
    public async Task Options_HalfConfiguredOrNonHttpJudge_FailsValidation(string? model, string? endpoint)
    {
        await using var services = this.host.Build(Answerer(), new FakeChatService(), new Dictionary<string, string?>
        {
            ["AskBot:Eval:Judge:Model"] = model,
            ["AskBot:Eval:Judge:Endpoint"] = endpoint,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains(JudgeOptions.SectionName, error.Message, StringComparison.Ordinal);
    }

    private static FakeChatService Answerer() => new()
    {
        Reply = (prompt, user) => prompt == FakePrompt.Answer ? FakeChatService.SentenceOfSourceOne(user, "Ghafari") + " [1]" : "{}",
    };

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
