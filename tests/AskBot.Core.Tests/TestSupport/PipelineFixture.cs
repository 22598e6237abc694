using AskBot.Core.Answering;
using AskBot.Core.Hosting;
using AskBot.Core.Indexing;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Core.Tests.TestSupport;

/// <summary>The real offline pipeline over the repository's seeds, with its index cache in a temp folder.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private readonly string cacheDir = Path.Combine(Path.GetTempPath(), "askbot-tests-" + Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; private set; } = null!;

    public IAskService Ask => this.Services.GetRequiredService<IAskService>();

    public static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public async Task InitializeAsync()
    {
        this.Services = Build(new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = this.cacheDir,
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
        });
        await this.Services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync();
    }

    public async Task DisposeAsync()
    {
        await this.Services.DisposeAsync();
        if (Directory.Exists(this.cacheDir))
        {
            Directory.Delete(this.cacheDir, recursive: true);
        }
    }
}
