using AskBot.Core.Answering.Reading;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Hosting;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Support;

/// <summary>The real offline pipeline (AddAskBotCore, defaults of appsettings.json) over a corpus folder, silent logging.</summary>
internal static class AskBotHost
{
    public static ServiceProvider Build(
        string corpusPath,
        string indexCachePath,
        RetrievalModes mode = RetrievalModes.Hybrid,
        ReaderModel? readerModel = null,
        IEmbeddingGeneratorFactory? embeddings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = corpusPath,
            ["AskBot:Corpus:IndexCachePath"] = indexCachePath,
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Retrieval:Mode"] = mode.ToString(),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (embeddings is not null)
        {
            // Registered before Core, whose own factory is only added when none is.
            services.AddSingleton(embeddings);
        }

        services.AddAskBotCore(configuration).AddAskBotOnnxEmbeddings();
        if (readerModel is not null)
        {
            services.AddSingleton(readerModel);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>A fresh folder under the temp path; the caller deletes it.</summary>
    public static string TempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void TryDeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder only costs disk space.
        }
    }
}
