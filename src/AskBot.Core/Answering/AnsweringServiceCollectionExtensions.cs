using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Extractive;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Conversation;
using AskBot.Core.Evaluation;
using AskBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Answering;

/// <summary>Registers the Semantic Kernel answer step, the chat-completion providers and the ask service.</summary>
public static class AnsweringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ask service, the grounding guard, the follow-up rewriters, the evaluation judge and the
    /// offline <see cref="ChatProviders.Extractive"/> provider. Other providers register an
    /// <see cref="IChatCompletionService"/> keyed by their <see cref="ChatProviders"/> value;
    /// <c>AskBot:Chat:Provider</c> picks one.
    /// </summary>
    public static IServiceCollection AddAskBotAnswering(this IServiceCollection services)
    {
        services.TryAddSingleton<SentenceSplitter>();
        services.TryAddSingleton<QueryAnalyzer>();
        services.TryAddSingleton<QuestionVocabulary>();
        services.TryAddSingleton<ExtractiveAnswerComposer>();
        services.TryAddSingleton<ExtractiveChatCompletionService>();
        services.AddKeyedSingleton<IChatCompletionService>(ChatProviders.Extractive, (sp, _) => sp.GetRequiredService<ExtractiveChatCompletionService>());
        services.TryAddSingleton<HeuristicQuestionRewriter>();
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
