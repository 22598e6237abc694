using AskBot.Core.Answering;
using AskBot.Core.Hosting;
using AskBot.Core.Indexing;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Discord.Tests.Support;

/// <summary>The real offline <see cref="IAskService"/> over the repository's seeds; the index is built once per test run.</summary>
public sealed class SeedsFixture : IAsyncLifetime
{
    private readonly string cacheDir = Path.Combine(Path.GetTempPath(), "askbot-discord-tests-" + Guid.NewGuid().ToString("N"));

    public ServiceProvider Services { get; private set; } = null!;

    public IAskService Ask => this.Services.GetRequiredService<IAskService>();

    /// <summary>Folder of the index cache built at start; hosts given it load the index instead of building it again.</summary>
    public string IndexCachePath => this.cacheDir;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = this.cacheDir,
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        this.Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
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

/// <summary>Test classes in this collection share one <see cref="SeedsFixture"/> (and so one index build).</summary>
[CollectionDefinition(Name)]
public sealed class SeedsCollection : ICollectionFixture<SeedsFixture>
{
    public const string Name = "seeds";
}
