using AskBot.Core.Answering;

namespace AskBot.Core.Evaluation;

/// <summary>One question's outcome: the answer AskBot gave, its metric values and why it failed.</summary>
/// <param name="Question">The question.</param>
/// <param name="Result">What <see cref="IAskService"/> returned for the last turn.</param>
/// <param name="Metrics">Metric name → value; a metric that does not apply to this question (e.g. answerAccuracy of an unanswerable one, citation metrics of a refusal) is absent.</param>
/// <param name="UnsupportedClaims">Answer claims (text) that no cited passage supports.</param>
/// <param name="FailureReasons">Human-readable reasons this question failed; empty when it passed.</param>
/// <param name="LatencyMs">Wall time of the last turn.</param>
public sealed record QuestionEvaluation(
    EvalQuestion Question,
    AskResult Result,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> UnsupportedClaims,
    IReadOnlyList<string> FailureReasons,
    double LatencyMs)
{
    /// <summary>True when nothing failed: the right answer (or refusal) with supported citations.</summary>
    public bool Passed => this.FailureReasons.Count == 0;
}
