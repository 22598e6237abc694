using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Evaluation;
using AskBot.Core.Retrieval;
using AskBot.Core.Storage;
using AskBot.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Core.Hosting;

/// <summary>One call that wires the whole offline pipeline, for every adapter.</summary>
public static class AskBotServiceCollectionExtensions
{
    /// <summary>Binds and validates every <c>AskBot:*</c> options section (at start) and registers the pipeline.</summary>
    public static IServiceCollection AddAskBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CorpusOptions>(configuration, CorpusOptions.SectionName);
        services.AddValidatedOptions<ChunkingOptions>(configuration, ChunkingOptions.SectionName);
        services.AddValidatedOptions<EmbeddingsOptions>(configuration, EmbeddingsOptions.SectionName);
        services.AddValidatedOptions<RetrievalOptions>(configuration, RetrievalOptions.SectionName);
        services.AddValidatedOptions<ChatOptions>(configuration, ChatOptions.SectionName);
        services.AddOptions<EvalOptions>().Bind(configuration.GetSection(EvalOptions.SectionName));
        services.AddValidatedOptions<JudgeOptions>(configuration, JudgeOptions.SectionName);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton(sp => new AskBotTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services
            .AddAskBotIngestion()
            .AddAskBotRetrieval()
            .AddAskBotAnswering()
            .AddAskBotEvaluation();
    }

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where TOptions : class
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
