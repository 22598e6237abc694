namespace AskBot.Core.Evaluation;

/// <summary>Aggregated metrics of a group of questions.</summary>
/// <param name="Count">Questions in the group.</param>
/// <param name="Metrics">Metric name → mean over the questions it applies to (latency: percentile).</param>
/// <param name="Counts">Metric name → how many questions it was averaged over.</param>
/// <param name="RefusedExcludedFromCitations">Refused answers left out of the citation averages.</param>
public sealed record MetricSummary(
    int Count,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, int> Counts,
    int RefusedExcludedFromCitations);

/// <summary>A whole evaluation run.</summary>
/// <param name="QuestionSet">Path of the question set.</param>
/// <param name="Provider">Chat provider used.</param>
/// <param name="Retriever">Retrieval mode used (Hybrid, Lexical, Vector).</param>
/// <param name="Summary">Overall metrics.</param>
/// <param name="Categories">Category → metrics.</param>
/// <param name="Questions">Per-question outcomes, in file order.</param>
/// <param name="WallSeconds">Wall time of the run.</param>
public sealed record EvaluationReport(
    string QuestionSet,
    string Provider,
    string Retriever,
    MetricSummary Summary,
    IReadOnlyDictionary<string, MetricSummary> Categories,
    IReadOnlyList<QuestionEvaluation> Questions,
    double WallSeconds);
