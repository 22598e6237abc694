using System.Globalization;
using AskBot.Core.Configuration;
using AskBot.Core.Hosting;
using AskBot.Providers.Onnx;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>Core + the OpenAI providers wired from in-memory settings, on a <see cref="TestClock"/> so retry waits and timeouts never sleep.</summary>
public sealed class ProviderTestHost : IDisposable
{
    /// <summary>Per-attempt timeout of <see cref="ChatSettings"/>: longer than any retry wait, so <see cref="TestClock.DriveAsync(Task, TimeSpan)"/> with <see cref="MaxRetryWait"/> never fires it.</summary>
    public const int AttemptTimeoutSeconds = 45;

    private readonly ServiceProvider services;
    private readonly CancellationTokenSource stopping = new();

    public ProviderTestHost(IReadOnlyDictionary<string, string?> settings, bool addProviders = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();

        // After AddAskBotCore, which registers the system clock: the last registration wins.
        collection.AddSingleton<TimeProvider>(this.Clock);
        if (addProviders)
        {
            collection.AddAskBotOpenAIProviders();
        }

        this.services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Longest wait between attempts (the Retry-After cap).</summary>
    public static TimeSpan MaxRetryWait => ProviderResilience.MaxDelay;

    /// <summary>The clock every retry wait, attempt timeout and answer budget runs on.</summary>
    public TestClock Clock { get; } = new();

    public IServiceProvider Services => this.services;

    /// <summary>Cancelled when the host is disposed, so that calls a failing test left waiting on the fake clock end.</summary>
    public CancellationToken Stopping => this.stopping.Token;

    /// <summary>Retry waits scheduled so far (timers no longer than <see cref="MaxRetryWait"/>).</summary>
    public IReadOnlyList<TimeSpan> RetryWaits => [.. this.Clock.Timers.Where(t => t > TimeSpan.Zero && t <= MaxRetryWait)];

    /// <summary>Settings for <paramref name="provider"/> at <paramref name="endpoint"/> with model <c>fake-model</c>.</summary>
    public static Dictionary<string, string?> ChatSettings(
        ChatProviders provider,
        Uri? endpoint,
        string? apiKey = "sk-test-secret-value",
        int maxRetries = 2,
        int timeoutSeconds = AttemptTimeoutSeconds,
        int answerTimeoutSeconds = 600) => new()
        {
            ["AskBot:Chat:Provider"] = provider.ToString(),
            ["AskBot:Chat:Endpoint"] = endpoint?.ToString(),
            ["AskBot:Chat:Model"] = "fake-model",
            ["AskBot:Chat:ApiKey"] = apiKey,
            ["AskBot:Chat:MaxRetries"] = maxRetries.ToString(CultureInfo.InvariantCulture),
            ["AskBot:Chat:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["AskBot:Chat:AnswerTimeoutSeconds"] = answerTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>The keyed chat service of the configured provider, as the answer kernel resolves it.</summary>
    public IChatCompletionService Chat(ChatProviders provider) => this.services.GetRequiredKeyedService<IChatCompletionService>(provider);

    /// <summary>Runs <paramref name="task"/>, advancing the clock past each retry wait as it is scheduled.</summary>
    public Task<T> DriveAsync<T>(Task<T> task) => this.Clock.DriveAsync(task, MaxRetryWait);

    public void Dispose()
    {
        this.stopping.Cancel();

        // Disposing the resilience pipelines waits for their calls in flight, polling on this fake clock: keep it moving.
        var disposing = Task.Run(this.services.Dispose);
        for (var i = 0; i < 2_000 && !disposing.Wait(5); i++)
        {
            this.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        disposing.GetAwaiter().GetResult();
        this.stopping.Dispose();
    }
}
