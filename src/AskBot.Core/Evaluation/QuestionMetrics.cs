namespace AskBot.Core.Evaluation;

/// <summary>What <see cref="EvaluationMetrics.Compute"/> found for one question.</summary>
/// <param name="Metrics">Metric name → value, only for the metrics that apply to the question.</param>
/// <param name="UnsupportedClaims">Answer claims (trimmed text) that their cited passages do not support, or that cite nothing.</param>
/// <param name="FailureReasons">Why the question failed; empty when it passed.</param>
internal sealed record QuestionMetrics(
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> UnsupportedClaims,
    IReadOnlyList<string> FailureReasons);
