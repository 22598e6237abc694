namespace AskBot.Core.Evaluation;

/// <summary>Settings of the <c>AskBot:Eval</c> section.</summary>
public sealed class EvalOptions
{
    public const string SectionName = "AskBot:Eval";

    /// <summary>Question set used when <c>askbot eval</c> is given none.</summary>
    public string QuestionSet { get; set; } = "eval/questions.jsonl";

    /// <summary>
    /// Metric name (see <see cref="MetricNames"/>) → threshold: a minimum, or a maximum for the metrics in
    /// <see cref="MetricNames.LowerIsBetter"/>. Metrics without a threshold are reported but never fail a run.
    /// </summary>
    public Dictionary<string, double> Thresholds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Folder of cached LLM groundedness judgments (one JSON file per claim and passages, keyed by SHA-256),
    /// relative to the working directory unless absolute. Used only when a judge (<see cref="JudgeOptions"/>) is configured.
    /// </summary>
    public string JudgeCachePath { get; set; } = ".askbot/judge-cache";
}
