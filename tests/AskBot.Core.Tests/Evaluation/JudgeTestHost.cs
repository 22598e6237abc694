using AskBot.Core.Configuration;
using AskBot.Core.Evaluation;
using AskBot.Core.Hosting;
using AskBot.Core.Tests.Answering;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Tests.Evaluation;

/// <summary>
/// Builds the real pipeline with one <see cref="FakeChatService"/> as the answerer (the OpenAI provider) and another
/// registered as the evaluation judge's chat service, as the OpenAI-compatible provider package registers it.
/// </summary>
public sealed class JudgeTestHost : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "askbot-judge-" + Guid.NewGuid().ToString("N"));

    /// <summary>Settings of a judge at a loopback address nothing listens on (the fake stands in for its client).</summary>
    public static Dictionary<string, string?> WithJudge(string cacheDir) => new()
    {
        ["AskBot:Eval:Judge:Endpoint"] = "http://127.0.0.1:9/v1",
        ["AskBot:Eval:Judge:Model"] = "judge-model",
        ["AskBot:Eval:JudgeCachePath"] = cacheDir,
    };

    public ServiceProvider Build(FakeChatService answerer, FakeChatService judge, IDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = Path.Combine(this.Root, "index"),
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Chat:Provider"] = nameof(ChatProviders.OpenAI),
            ["AskBot:Chat:Model"] = "fake-model",
            ["AskBot:Eval:JudgeCachePath"] = Path.Combine(this.Root, "judge-cache"),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        services.AddKeyedSingleton<IChatCompletionService>(ChatProviders.OpenAI, answerer);
        services.AddKeyedSingleton<IChatCompletionService>(JudgeOptions.ServiceKey, judge);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public void Dispose()
    {
        if (Directory.Exists(this.Root))
        {
            Directory.Delete(this.Root, recursive: true);
        }
    }
}
