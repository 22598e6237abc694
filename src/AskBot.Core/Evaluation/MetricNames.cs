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

    /// <summary>
    /// Per answered answerable question with gold evidence: 1 when a citation's quote overlaps a gold evidence span
    /// (<see cref="EvidenceOverlap"/>), else 0. Independent of the grounding guard.
    /// </summary>
    public const string CitedEvidenceRecall = "citedEvidenceRecall";

    /// <summary>
    /// Per answered question with gold evidence or answers (and every answered unanswerable one, which scores 0): the
    /// share of the answer's citations whose quote overlaps gold evidence or contains a gold answer.
    /// </summary>
    public const string CitationPrecision = "citationPrecision";

    /// <summary>
    /// Share of an answer's claims the lexical support check finds supported by the passages they cite: the check the
    /// grounding guard already applied, so near 1 by construction. Reported, never a threshold.
    /// </summary>
    public const string GuardSupport = "guardSupport";
    public const string LatencyP50Ms = "latencyP50Ms";
    public const string LatencyP95Ms = "latencyP95Ms";

    /// <summary>Median words of the answers that are not refusals (citation markers left out).</summary>
    public const string AnswerWordsP50 = "answerWordsP50";

    /// <summary>90th-percentile words of the answers that are not refusals.</summary>
    public const string AnswerWordsP90 = "answerWordsP90";

    /// <summary>Per question: words of the answer (not a refusal); aggregated as <see cref="AnswerWordsP50"/> and <see cref="AnswerWordsP90"/>.</summary>
    public const string AnswerWords = "answerWords";

    /// <summary>answerAccuracy of the peer answerer run on the same questions (<c>eval --peer</c>).</summary>
    public const string PeerAnswerAccuracy = "peerAnswerAccuracy";

    /// <summary>answerAccuracy minus the peer's on the same questions in the same run (<c>eval --peer</c>).</summary>
    public const string AnswerAccuracyGain = "answerAccuracyGain";

    /// <summary>Share of claims an LLM judge (<c>AskBot:Eval:Judge</c>, not the answerer) finds supported by their cited passages; only when a judge is configured.</summary>
    public const string Groundedness = "groundedness";

    /// <summary>Every metric, in report order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SourceHitAt1, SourceHitAt3, SourceHitAt5, EvidenceHitAt1, EvidenceHitAt3, EvidenceHitAt5, Mrr,
        AnswerAccuracy, RefusalAccuracy, FalseRefusalRate, CitedEvidenceRecall, CitationPrecision, GuardSupport, LatencyP50Ms, LatencyP95Ms,
        AnswerWordsP50, AnswerWordsP90,
    ];

    /// <summary>
    /// Metrics reported only when they were measured (after <see cref="All"/>): not part of the default tables,
    /// and a threshold on them is accepted but not required.
    /// </summary>
    public static IReadOnlyList<string> Optional { get; } = [Groundedness, PeerAnswerAccuracy, AnswerAccuracyGain];

    /// <summary>
    /// Metrics whose per-question value is 0 or 1, so their mean is a proportion with a binomial interval and two runs
    /// compare question by question; <see cref="CitationPrecision"/>, <see cref="GuardSupport"/> and <see cref="Groundedness"/> are fractions per question.
    /// </summary>
    public static IReadOnlySet<string> Rates { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SourceHitAt1, SourceHitAt3, SourceHitAt5, EvidenceHitAt1, EvidenceHitAt3, EvidenceHitAt5,
        AnswerAccuracy, RefusalAccuracy, FalseRefusalRate, CitedEvidenceRecall, PeerAnswerAccuracy,
    };

    /// <summary>Per-question values that feed an aggregate instead of being averaged themselves.</summary>
    public static IReadOnlySet<string> PerQuestionOnly { get; } = new HashSet<string>(StringComparer.Ordinal) { AnswerWords };

    /// <summary>Metrics where lower is better (a threshold is a maximum, not a minimum).</summary>
    public static IReadOnlySet<string> LowerIsBetter { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FalseRefusalRate, LatencyP50Ms, LatencyP95Ms, AnswerWordsP50, AnswerWordsP90,
    };
}
