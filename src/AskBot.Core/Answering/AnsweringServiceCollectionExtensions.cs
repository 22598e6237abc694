using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Answering.Reading;
using AskBot.Core.Chunking;
using AskBot.Core.Conversation;
using AskBot.Core.Evaluation;
using AskBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AskBot.Core.Answering;

/// <summary>Registers the Semantic Kernel answer step, the offline reader and the ask service.</summary>
public static class AnsweringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ask service, the kernel with its offline functions and filters, the grounding guard, the follow-up
    /// rewriters and the evaluation judge. LLM providers register an <c>IChatCompletionService</c> keyed by their
    /// <see cref="Configuration.ChatProviders"/> value; <c>AskBot:Chat:Provider</c> picks one.
    /// </summary>
    public static IServiceCollection AddAskBotAnswering(this IServiceCollection services)
    {
        services.TryAddSingleton<SentenceSplitter>();
        services.TryAddSingleton<QueryAnalyzer>();
        services.TryAddSingleton(_ => ReaderModel.LoadEmbedded());
        services.TryAddSingleton<SentenceReader>();
        services.TryAddSingleton<ReaderAnswerComposer>();
        services.TryAddSingleton<TopSentenceAnswerer>();
        services.TryAddSingleton<OfflineAnswerPlugin>();
        services.TryAddSingleton<GroundingFilter>();
        services.TryAddSingleton<FallbackFilter>();
        services.TryAddSingleton<OfflineQuestionRewriter>();
        services.TryAddSingleton<IQuestionRewriter, CompositeQuestionRewriter>();
        services.TryAddSingleton<SupportChecker>();
        services.TryAddSingleton<CitationResolver>();
        services.TryAddSingleton<GroundingGuard>();
        services.TryAddSingleton<AnswerKernelProvider>();
        services.TryAddSingleton<LlmGroundednessJudge>();
        services.TryAddSingleton<IAskService, AskService>();
        return services;
    }
}
