namespace AskBot.Core.Evaluation;

/// <summary>The parts of an earlier JSON report that a run is compared with.</summary>
/// <param name="QuestionSet">Question set of the earlier run, if recorded.</param>
/// <param name="Provider">Chat provider of the earlier run, if recorded.</param>
/// <param name="Retriever">Retrieval mode of the earlier run, if recorded.</param>
/// <param name="Summary">Metric name → overall value (metrics that had no value are absent).</param>
/// <param name="Passed">Question id → whether it passed.</param>
/// <param name="QuestionMetrics">
/// Question id → metric name → that question's value, as far as the report recorded them (reports of older versions
/// may lack some or all); null when none were read.
/// </param>
public sealed record BaselineReport(
    string? QuestionSet,
    string? Provider,
    string? Retriever,
    IReadOnlyDictionary<string, double> Summary,
    IReadOnlyDictionary<string, bool> Passed,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? QuestionMetrics = null);
