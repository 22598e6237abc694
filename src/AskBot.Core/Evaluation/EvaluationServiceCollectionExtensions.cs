using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AskBot.Core.Evaluation;

/// <summary>Registers the evaluation harness.</summary>
public static class EvaluationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EvaluationRunner"/>, <see cref="QuestionSetReader"/>, the report writers and the grounding
    /// check's measurement (<see cref="Perturbation.GuardCheck"/>) as
    /// singletons. Requires <see cref="Answering.IAskService"/> and <see cref="TimeProvider"/>, which
    /// <c>AddAskBotCore</c> registers.
    /// </summary>
    public static IServiceCollection AddAskBotEvaluation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<QuestionSetReader>();
        services.TryAddSingleton<EvaluationRunner>();
        services.TryAddSingleton<EvaluationJsonWriter>();
        services.TryAddSingleton<EvaluationHtmlWriter>();
        services.TryAddSingleton<Perturbation.ClaimPerturber>();
        services.TryAddSingleton<Perturbation.GuardCheck>();
        return services;
    }
}
