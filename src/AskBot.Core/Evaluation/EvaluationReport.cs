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
/// <param name="Answerer">The configured answerer (provider and model), when known.</param>
/// <param name="Judge">The groundedness judge's model and host; null when no judge was configured (no groundedness).</param>
public sealed record EvaluationReport(
    string QuestionSet,
    string Provider,
    string Retriever,
    MetricSummary Summary,
    IReadOnlyDictionary<string, MetricSummary> Categories,
    IReadOnlyList<QuestionEvaluation> Questions,
    double WallSeconds,
    AnswererInfo? Answerer = null,
    JudgeInfo? Judge = null);

/// <summary>The model that answered an evaluation run.</summary>
/// <param name="Provider">The configured chat provider (<c>AskBot:Chat:Provider</c>).</param>
/// <param name="Model">The model name for an LLM provider; null for the offline answerers.</param>
public sealed record AnswererInfo(string Provider, string? Model);

/// <summary>The model that judged groundedness in an evaluation run.</summary>
/// <param name="Model">The judge's model (<c>AskBot:Eval:Judge:Model</c>).</param>
/// <param name="EndpointHost">Host (and port) of the judge's endpoint only: a path or query could carry a secret.</param>
public sealed record JudgeInfo(string Model, string EndpointHost);
