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
}
