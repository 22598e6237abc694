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
/// OpenAI providers) pointed at <see cref="FakeOpenAIServer"/>, which answers the <c>Answer</c> prompt with a
/// verbatim sentence of source [1] and the <c>Judge</c> prompt with "supported".
/// </summary>
public sealed class JudgeOverHttpTests : IAsyncLifetime
{
    private const string SupportedVerdict = "{\"supported\": true, \"reason\": \"ok\"}";

    private static readonly string AnswerInstruction = FirstSystemLine("Answer");
    private static readonly string JudgeInstruction = FirstSystemLine("Judge");

    private readonly string workDir = Path.Combine(Path.GetTempPath(), "askbot-judge-http-" + Guid.NewGuid().ToString("N"));
    private FakeOpenAIServer server = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.workDir);
        this.server = await FakeOpenAIServer.StartAsync();
        this.server.Responder = Reply;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AskBot:Chat:Provider"] = "OpenAICompatible",
            ["AskBot:Chat:Endpoint"] = this.server.V1.ToString(),
            ["AskBot:Chat:Model"] = "fake-model",
            ["AskBot:Chat:ApiKey"] = "test-key",
            ["AskBot:Chat:MaxRetries"] = "0",
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = Path.Combine(this.workDir, "index"),
            ["AskBot:Eval:JudgeCachePath"] = Path.Combine(this.workDir, "judge-cache"),
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        collection.AddAskBotOpenAIProviders();
        this.services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async Task DisposeAsync()
    {
        await this.services.DisposeAsync();
        await this.server.DisposeAsync();
        if (Directory.Exists(this.workDir))
        {
            Directory.Delete(this.workDir, recursive: true);
        }
    }

    [Fact]
    public async Task Eval_over_http_reports_full_groundedness_and_a_second_run_asks_the_judge_nothing()
    {
        var setPath = Path.Combine(this.workDir, "questions.jsonl");
        await File.WriteAllLinesAsync(setPath, [
            """{"id": "h1", "question": "Who leads ISIS-K?", "answerable": true, "answers": ["Ghafari"], "category": "fact"}""",
            """{"id": "h2", "question": "Which band was about to play at Crocus City Hall?", "answerable": true, "answers": ["Picnic", "Piknik"], "category": "fact"}""",
        ]);
        var questions = await this.services.GetRequiredService<QuestionSetReader>().ReadAsync(setPath);
        var runner = this.services.GetRequiredService<EvaluationRunner>();

        var first = await runner.RunAsync(setPath, questions, "Hybrid");
        var judgeRequestsAfterFirstRun = this.JudgeRequestCount();
        var answerRequestsAfterFirstRun = this.AnswerRequestCount();
        var second = await runner.RunAsync(setPath, questions, "Hybrid");

        Assert.Equal("OpenAICompatible", first.Provider);
        Assert.All(first.Questions, q => Assert.False(q.Result.Refused, $"{q.Question.Id} was refused: {string.Join("; ", q.Result.Notes)}"));
        Assert.Equal(1.0, first.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(2, first.Summary.Counts[MetricNames.Groundedness]);
        Assert.Equal(2, answerRequestsAfterFirstRun);
        Assert.Equal(2, judgeRequestsAfterFirstRun); // one claim per answer, one judgment per claim
        Assert.All(this.server.Requests, r => Assert.Equal("Bearer test-key", r.Authorization));

        Assert.Equal("OpenAICompatible", second.Provider);
        Assert.Equal(1.0, second.Summary.Metrics[MetricNames.Groundedness]);
        Assert.Equal(4, this.AnswerRequestCount());
        Assert.Equal(judgeRequestsAfterFirstRun, this.JudgeRequestCount());
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

    private int JudgeRequestCount() => this.server.Requests.Count(r => Messages(r).System.StartsWith(JudgeInstruction, StringComparison.Ordinal));

    private int AnswerRequestCount() => this.server.Requests.Count(r => Messages(r).System.StartsWith(AnswerInstruction, StringComparison.Ordinal));
}
