namespace AskBot.Core.Evaluation;

/// <summary>The metric names, exactly as they appear in reports, thresholds and flags.</summary>
public static class MetricNames
{
    public const string SourceHitAt1 = "sourceHitAt1";
    public const string SourceHitAt3 = "sourceHitAt3";
    public const string SourceHitAt5 = "sourceHitAt5";
    public const string EvidenceHitAt1 = "evidenceHitAt1";
    public const string EvidenceHitAt3 = "evidenceHitAt3";
    public const string EvidenceHitAt5 = "evidenceHitAt5";
    public const string Mrr = "mrr";
    public const string AnswerAccuracy = "answerAccuracy";
    public const string RefusalAccuracy = "refusalAccuracy";
    public const string FalseRefusalRate = "falseRefusalRate";
    public const string CitationRecall = "citationRecall";
    public const string CitationPrecision = "citationPrecision";
    public const string LatencyP50Ms = "latencyP50Ms";
    public const string LatencyP95Ms = "latencyP95Ms";

    /// <summary>Share of claims an LLM judge finds supported by their cited passages (only when the chat provider is an LLM).</summary>
    public const string Groundedness = "groundedness";

    /// <summary>Every metric, in report order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SourceHitAt1, SourceHitAt3, SourceHitAt5, EvidenceHitAt1, EvidenceHitAt3, EvidenceHitAt5, Mrr,
        AnswerAccuracy, RefusalAccuracy, FalseRefusalRate, CitationRecall, CitationPrecision, LatencyP50Ms, LatencyP95Ms,
    ];

    /// <summary>
    /// Metrics reported only when they were measured (after <see cref="All"/>): not part of the default tables,
    /// and a threshold on them is accepted but not required.
    /// </summary>
    public static IReadOnlyList<string> Optional { get; } = [Groundedness];

    /// <summary>Metrics where lower is better (a threshold is a maximum, not a minimum).</summary>
    public static IReadOnlySet<string> LowerIsBetter { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FalseRefusalRate, LatencyP50Ms, LatencyP95Ms,
    };
}
