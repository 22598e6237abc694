using System.Runtime.CompilerServices;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using AskBot.Core.Hosting;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Tests.Answering;

/// <summary>Which prompt a fake chat call came from.</summary>
public enum FakePrompt
{
    Answer,
    Rewrite,
    Judge,
}

/// <summary>
/// A scripted LLM: <see cref="Reply"/> decides each reply (or throws) from the prompt kind and the rendered
/// user message; streaming emits the reply in small pieces and can fail after <see cref="FailStreamAfterChunks"/>.
/// </summary>
public sealed class FakeChatService : IChatCompletionService
{
    public Func<FakePrompt, string, string> Reply { get; set; } = (_, _) => string.Empty;

    public int? FailStreamAfterChunks { get; set; }

    public Func<Exception> StreamFailure { get; set; } = () => new AskBot.Core.Answering.ChatProviderException("connection refused");

    public List<(FakePrompt Prompt, string User)> Calls { get; } = [];

    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

    public int CallsOf(FakePrompt prompt) => this.Calls.Count(c => c.Prompt == prompt);

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        var (prompt, user) = this.Record(chatHistory);
        IReadOnlyList<ChatMessageContent> reply = [new ChatMessageContent(AuthorRole.Assistant, this.Reply(prompt, user))];
        return Task.FromResult(reply);
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (prompt, user) = this.Record(chatHistory);
        var text = this.Reply(prompt, user);
        var sent = 0;
        for (var i = 0; i < text.Length; i += 7)
        {
            if (sent == this.FailStreamAfterChunks)
            {
                throw this.StreamFailure();
            }

            await Task.Yield();
            sent++;
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, text.Substring(i, Math.Min(7, text.Length - i)));
        }

        if (sent == this.FailStreamAfterChunks)
        {
            throw this.StreamFailure();
        }
    }

    private (FakePrompt Prompt, string User) Record(ChatHistory chatHistory)
    {
        var system = chatHistory.FirstOrDefault(m => m.Role == AuthorRole.System)?.Content ?? string.Empty;
        var user = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? string.Empty;
        var prompt = system.StartsWith("Rewrite", StringComparison.Ordinal) ? FakePrompt.Rewrite
            : system.StartsWith("You check whether a claim", StringComparison.Ordinal) ? FakePrompt.Judge
            : FakePrompt.Answer;
        lock (this.Calls)
        {
            this.Calls.Add((prompt, user));
        }

        return (prompt, user);
    }

    /// <summary>The answer prompt's sources, as the model sees them.</summary>
    internal static IReadOnlyList<PromptSource> Sources(string user) => PromptSources.Parse(user);

    /// <summary>The sentence of source 1 that mentions <paramref name="word"/> (else its first sentence), verbatim.</summary>
    public static string SentenceOfSourceOne(string user, string word)
    {
        var text = Sources(user)[0].Text;
        var sentences = text.Split(". ").Select(s => s.Trim().TrimEnd('.') + ".").ToList();
        return sentences.FirstOrDefault(s => s.Contains(word, StringComparison.Ordinal)) ?? sentences[0];
    }
}

/// <summary>Builds the real pipeline with <see cref="FakeChatService"/> registered as the OpenAI provider.</summary>
public sealed class FakeProviderHost : IDisposable
{
    private readonly string cacheDir = Path.Combine(Path.GetTempPath(), "askbot-fake-llm-" + Guid.NewGuid().ToString("N"));

    public string JudgeCacheDir => Path.Combine(this.cacheDir, "judge-cache");

    public ServiceProvider Build(FakeChatService chat, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = Path.Combine(this.cacheDir, "index"),
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Chat:Provider"] = nameof(ChatProviders.OpenAI),
            ["AskBot:Chat:Model"] = "fake-model",
            ["AskBot:Eval:JudgeCachePath"] = this.JudgeCacheDir,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        services.AddKeyedSingleton<IChatCompletionService>(ChatProviders.OpenAI, chat);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public void Dispose()
    {
        if (Directory.Exists(this.cacheDir))
        {
            Directory.Delete(this.cacheDir, recursive: true);
        }
    }
}
