using System.Collections.Concurrent;
using AskBot.Core.Configuration;
using AskBot.Core.Hosting;
using AskBot.Providers.Onnx;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>Core + the OpenAI providers wired from in-memory settings, with retry waits recorded instead of slept.</summary>
public sealed class ProviderTestHost : IDisposable
{
    private readonly ServiceProvider services;
    private readonly ConcurrentQueue<TimeSpan> delays = new();

    public ProviderTestHost(IReadOnlyDictionary<string, string?> settings, bool addProviders = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton(new ProviderRetryDelay((delay, _) =>
        {
            this.delays.Enqueue(delay);
            return Task.CompletedTask;
        }));
        collection.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        if (addProviders)
        {
            collection.AddAskBotOpenAIProviders();
        }

        this.services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Waits the retry handler asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => this.delays.ToArray();

    public IServiceProvider Services => this.services;

    /// <summary>Settings for <paramref name="provider"/> at <paramref name="endpoint"/> with model <c>fake-model</c>.</summary>
    public static Dictionary<string, string?> ChatSettings(ChatProviders provider, Uri? endpoint, string? apiKey = "sk-test-secret-value", int maxRetries = 2) => new()
    {
        ["AskBot:Chat:Provider"] = provider.ToString(),
        ["AskBot:Chat:Endpoint"] = endpoint?.ToString(),
        ["AskBot:Chat:Model"] = "fake-model",
        ["AskBot:Chat:ApiKey"] = apiKey,
        ["AskBot:Chat:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The keyed chat service of the configured provider, as the answer kernel resolves it.</summary>
    public IChatCompletionService Chat(ChatProviders provider) => this.services.GetRequiredKeyedService<IChatCompletionService>(provider);

    public void Dispose() => this.services.Dispose();
}
