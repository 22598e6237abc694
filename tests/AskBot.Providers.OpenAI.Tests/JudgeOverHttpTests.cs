using System.Text.Json;
using AskBot.Core.Chunking;
using AskBot.Core.Evaluation;
using AskBot.Core.Hosting;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>
/// The evaluation's LLM groundedness judge end to end over real HTTP: the app's service provider (Core + the
/// OpenAI providers) with the answerer pointed at one <see cref="FakeOpenAIServer"/> and the judge
/// (<c>AskBot:Eval:Judge</c>) at another. Both answer the <c>Answer</c> prompt with a verbatim sentence of source [1]
/// and the <c>Judge</c> prompt with "supported", so the request logs alone tell which server was asked what.
/// </summary>
public sealed class JudgeOverHttpTests : IAsyncLifetime
{
    private const string SupportedVerdict = "{\"supported\": true, \"reason\": \"ok\"}";

    private static readonly string AnswerInstruction = FirstSystemLine("Answer");
    private static readonly string JudgeInstruction = FirstSystemLine("Judge");

    private readonly string workDir = Path.Combine(Path.GetTempPath(), "askbot-judge-http-" + Guid.NewGuid().ToString("N"));
    private FakeOpenAIServer answerServer = null!;
    private FakeOpenAIServer judgeServer = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.workDir);
        this.answerServer = await FakeOpenAIServer.StartAsync();
        this.answerServer.Responder = Reply;
        this.judgeServer = await FakeOpenAIServer.StartAsync();
        this.judgeServer.Responder = Reply;
    }

    public async Task DisposeAsync()
    {
        await this.answerServer.DisposeAsync();
        await this.judgeServer.DisposeAsync();
        if (Directory.Exists(this.workDir))
        {
            Directory.Delete(this.workDir, recursive: true);
        }
    }

    [Fact]
    public async Task Eval_over_http_reports_full_groundedness_and_a_second_run_asks_the_judge_nothing()
    {
        await using var services = this.Services(withJudge: true);
        var (setPath, questions) = await WriteSetAsync(services, this.workDir);
        var runner = services.GetRequiredService<EvaluationRunner>();

        var first = await runner.RunAsync(setPath, questions, "Hybrid");
        var judgeRequestsAfterFirstRun = JudgeRequestCount(this.judgeServer);
        var answerRequestsAfterFirstRun = AnswerRequestCount(this.answerServer);
        var second = await runner.RunAsync(setPath, questions, "Hybrid");

        Assert.Equal("OpenAICompatible", first.Provider);
        Assert.All(first.Questions, q => Assert.False(q.Result.Refused, $"{q.Question.Id} was refused: {string.Join("; ", q.Result.Notes)}"));
        Assert.Equal(1.0, first.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(2, first.Summary.Counts[MetricNames.Groundedness]);
        Assert.Equal(2, answerRequestsAfterFirstRun);
        Assert.Equal(2, judgeRequestsAfterFirstRun); // one claim per answer, one judgment per claim

        Assert.Equal("OpenAICompatible", second.Provider);
        Assert.Equal(1.0, second.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(4, AnswerRequestCount(this.answerServer));
        Assert.Equal(judgeRequestsAfterFirstRun, JudgeRequestCount(this.judgeServer));
    }

    [Fact]
    public async Task Eval_with_a_judge_on_another_server_sends_every_judgment_there_and_names_both_models()
    {
        await using var services = this.Services(withJudge: true);
        var (setPath, questions) = await WriteSetAsync(services, this.workDir);

        var report = await services.GetRequiredService<EvaluationRunner>().RunAsync(setPath, questions, "Hybrid");

        Assert.Equal(2, JudgeRequestCount(this.judgeServer));
        Assert.Equal(0, AnswerRequestCount(this.judgeServer));
        Assert.Equal(0, JudgeRequestCount(this.answerServer));
        Assert.Equal(2, AnswerRequestCount(this.answerServer));
        Assert.All(this.judgeServer.Requests, r => Assert.Equal("Bearer judge-key", r.Authorization));
        Assert.All(this.judgeServer.Requests, r => Assert.Equal("judge-model", r.Model));
        Assert.All(this.answerServer.Requests, r => Assert.Equal("Bearer test-key", r.Authorization));
        Assert.All(this.answerServer.Requests, r => Assert.Equal("fake-model", r.Model));
        Assert.Equal(new AnswererInfo("OpenAICompatible", "fake-model"), report.Answerer);
        Assert.Equal(new JudgeInfo("judge-model", this.judgeServer.V1.Authority), report.Judge);
        Assert.Equal(1.0, report.Summary.Metrics[MetricNames.Groundedness]);
    }

    [Fact]
    public async Task Eval_without_a_judge_measures_no_groundedness_and_never_asks_the_answerer_to_judge()
    {
        await using var services = this.Services(withJudge: false);
        var (setPath, questions) = await WriteSetAsync(services, this.workDir);

        var report = await services.GetRequiredService<EvaluationRunner>().RunAsync(setPath, questions, "Hybrid");

        Assert.False(report.Summary.Metrics.ContainsKey(MetricNames.Groundedness));
        Assert.Null(report.Judge);
        Assert.Equal(2, AnswerRequestCount(this.answerServer));
        Assert.Equal(0, JudgeRequestCount(this.answerServer));
        Assert.Empty(this.judgeServer.Requests);
    }

    private static async Task<(string Path, IReadOnlyList<EvalQuestion> Questions)> WriteSetAsync(ServiceProvider services, string workDir)
    {
        var setPath = Path.Combine(workDir, "questions.jsonl");
        await File.WriteAllLinesAsync(setPath, [
            """{"id": "h1", "question": "Who leads ISIS-K?", "answerable": true, "answers": ["Ghafari"], "category": "fact"}""",
            """{"id": "h2", "question": "Which band was about to play at Crocus City Hall?", "answerable": true, "answers": ["Picnic", "Piknik"], "category": "fact"}""",
        ]);
        return (setPath, await services.GetRequiredService<QuestionSetReader>().ReadAsync(setPath));
    }

    private static int JudgeRequestCount(FakeOpenAIServer server) => server.Requests.Count(r => Messages(r).System.StartsWith(JudgeInstruction, StringComparison.Ordinal));

    private static int AnswerRequestCount(FakeOpenAIServer server) => server.Requests.Count(r => Messages(r).System.StartsWith(AnswerInstruction, StringComparison.Ordinal));

    /// <summary>The app's services: the answerer on <see cref="answerServer"/>, the judge (when asked for) on <see cref="judgeServer"/>.</summary>
    private ServiceProvider Services(bool withJudge)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AskBot:Chat:Provider"] = "OpenAICompatible",
            ["AskBot:Chat:Endpoint"] = this.answerServer.V1.ToString(),
            ["AskBot:Chat:Model"] = "fake-model",
            ["AskBot:Chat:ApiKey"] = "test-key",
            ["AskBot:Chat:MaxRetries"] = "0",
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = Path.Combine(this.workDir, "index"),
            ["AskBot:Eval:JudgeCachePath"] = Path.Combine(this.workDir, "judge-cache"),
        };
        if (withJudge)
        {
            settings["AskBot:Eval:Judge:Endpoint"] = this.judgeServer.V1.ToString();
            settings["AskBot:Eval:Judge:Model"] = "judge-model";
            settings["AskBot:Eval:Judge:ApiKey"] = "judge-key";
            settings["AskBot:Eval:Judge:MaxRetries"] = "0";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        collection.AddAskBotOpenAIProviders();
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Answers by prompt: the judge always finds support; the answerer quotes source [1] verbatim with [1].</summary>
    private static FakeResponse? Reply(FakeRequest request)
    {
        var (system, user) = Messages(request);
        if (system.StartsWith(JudgeInstruction, StringComparison.Ordinal))
        {
            return FakeResponse.Chat(SupportedVerdict);
        }

        if (system.StartsWith(AnswerInstruction, StringComparison.Ordinal))
        {
            return FakeResponse.Chat(FirstClaimOfSourceOne(user) + " [1]");
        }

        return null;
    }

    /// <summary>The first sentence of source [1]'s passage that states something (not a heading or a lead-in).</summary>
    private static string FirstClaimOfSourceOne(string userMessage)
    {
        var sources = PromptSources.Parse(userMessage);
        var passage = sources.Single(s => s.N == 1).Text;
        var sentences = new SentenceSplitter().Split(passage).Select(span => span.Slice(passage)).ToList();
        return sentences.FirstOrDefault(s => s.EndsWith('.') && s.Split(' ').Length >= 5) ?? sentences[0];
    }

    /// <summary>The system and user message texts of a chat-completions request.</summary>
    private static (string System, string User) Messages(FakeRequest request)
    {
        if (!request.Json().TryGetProperty("messages", out var messages))
        {
            return (string.Empty, string.Empty);
        }

        string Text(string role) => string.Concat(messages.EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == role)
            .Select(m => Content(m.GetProperty("content"))));

        return (Text("system"), Text("user"));
    }

    private static string Content(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString() ?? string.Empty
        : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : string.Empty));

    /// <summary>The first line of a prompt's system message, which tells its requests apart.</summary>
    private static string FirstSystemLine(string prompt)
    {
        const string open = "<message role=\"system\">";
        var template = File.ReadAllText(Path.Combine(RepoPaths.Prompts, prompt, "skprompt.txt"));
        var start = template.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return template[start..].Split('\n')[0].Trim();
    }
}
