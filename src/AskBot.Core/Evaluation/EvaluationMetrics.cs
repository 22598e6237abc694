using System.Text.RegularExpressions;
using AskBot.Core.Answering;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Text;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Scores one answer against its gold question (retrieval, answer, refusal and citation metrics) and
/// aggregates scored questions. Pure: no I/O, no clock.
/// </summary>
internal sealed partial class EvaluationMetrics
{
    /// <summary>Deepest rank the retrieval metrics look at (hit@5, MRR within the top 5).</summary>
    public const int MaxRank = 5;

    private readonly SupportChecker checker;

    /// <summary>Uses the lexical <see cref="SupportChecker"/> with the default <see cref="TermAnalyzer"/>.</summary>
    public EvaluationMetrics()
        : this(new SupportChecker(new TermAnalyzer()))
    {
    }

    /// <summary>Uses <paramref name="checker"/> to decide whether cited passages support a claim.</summary>
    public EvaluationMetrics(SupportChecker checker)
    {
        ArgumentNullException.ThrowIfNull(checker);
        this.checker = checker;
    }

    /// <summary>Scores <paramref name="result"/> (the answer to the last turn) against <paramref name="question"/>.</summary>
    public QuestionMetrics Compute(EvalQuestion question, AskResult result)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(result);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var reasons = new List<string>();

        if (question.Answerable && question.Evidence.Count > 0)
        {
            AddRetrievalMetrics(question, result, metrics, reasons);
        }

        if (question.Answerable)
        {
            var correct = !result.Refused && AnswerNormalizer.ContainsAnswer(StripMarkers(result.Answer), question.Answers);
            metrics[MetricNames.AnswerAccuracy] = correct ? 1 : 0;
            metrics[MetricNames.FalseRefusalRate] = result.Refused ? 1 : 0;
            if (result.Refused)
            {
                reasons.Add("refused an answerable question");
            }
            else if (!correct)
            {
                reasons.Add("answer does not contain any of: " + string.Join(", ", question.Answers.Select(a => $"\"{a}\"")));
            }
        }
        else
        {
            metrics[MetricNames.RefusalAccuracy] = result.Refused ? 1 : 0;
            if (!result.Refused)
            {
                reasons.Add("answered an unanswerable question");
            }
        }

        var unsupported = new List<string>();
        if (!result.Refused)
        {
            metrics[MetricNames.AnswerWords] = AnswerWords(result.Answer);
            AddGoldCitationMetrics(question, result, metrics);
            this.AddGuardSupport(result, metrics, unsupported);
            if (unsupported.Count > 0)
            {
                reasons.Add($"{unsupported.Count} unsupported claim(s)");
            }
        }

        // Report order is MetricNames.All, whatever order the metrics were computed in.
        var ordered = MetricNames.All.Append(MetricNames.AnswerWords)
            .Where(metrics.ContainsKey)
            .ToDictionary(name => name, name => metrics[name], StringComparer.Ordinal);
        return new QuestionMetrics(ordered, unsupported, reasons);
    }

    /// <summary>
    /// Aggregates questions: each metric is the mean over the questions it applies to (absent when none);
    /// latency metrics are nearest-rank percentiles of <see cref="QuestionEvaluation.LatencyMs"/>.
    /// </summary>
    public static MetricSummary Summarize(IReadOnlyList<QuestionEvaluation> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var latencies = questions.Select(q => q.LatencyMs).Order().ToList();
        foreach (var name in MetricNames.All)
        {
            if (name == MetricNames.AnswerWordsP50 || name == MetricNames.AnswerWordsP90)
            {
                var words = questions
                    .Select(q => q.Metrics.TryGetValue(MetricNames.AnswerWords, out var w) ? (double?)w : null)
                    .OfType<double>()
                    .Order()
                    .ToList();
                counts[name] = words.Count;
                if (words.Count > 0)
                {
                    metrics[name] = NearestRank(words, name == MetricNames.AnswerWordsP50 ? 50 : 90);
                }

                continue;
            }

            if (name == MetricNames.LatencyP50Ms || name == MetricNames.LatencyP95Ms)
            {
                counts[name] = latencies.Count;
                if (latencies.Count > 0)
                {
                    metrics[name] = NearestRank(latencies, name == MetricNames.LatencyP50Ms ? 50 : 95);
                }

                continue;
            }

            Average(questions, name, metrics, counts);
        }

        foreach (var name in MetricNames.Optional)
        {
            if (questions.Any(q => q.Metrics.ContainsKey(name)))
            {
                Average(questions, name, metrics, counts);
            }
        }

        return new MetricSummary(questions.Count, metrics, counts, questions.Count(q => q.Result.Refused));
    }

    private static void Average(IReadOnlyList<QuestionEvaluation> questions, string name, Dictionary<string, double> metrics, Dictionary<string, int> counts)
    {
        var values = questions
            .Select(q => q.Metrics.TryGetValue(name, out var v) ? (double?)v : null)
            .OfType<double>()
            .ToList();
        counts[name] = values.Count;
        if (values.Count > 0)
        {
            metrics[name] = values.Average();
        }
    }

    /// <summary>Words of an answer, citation markers left out: what a reader has to read.</summary>
    public static int AnswerWords(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return StripMarkers(answer).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
    }

    /// <summary>True when <paramref name="text"/> contains any evidence string after normalisation.</summary>
    internal static bool ContainsEvidence(string text, IReadOnlyList<string> evidence)
    {
        if (evidence.Count == 0)
        {
            return false;
        }

        var normalized = AnswerNormalizer.Normalize(text);
        return evidence
            .Select(AnswerNormalizer.Normalize)
            .Any(e => e.Length > 0 && normalized.Contains(e, StringComparison.Ordinal));
    }

    /// <summary>Nearest-rank percentile of an ascending list: the value at rank ceil(p/100 · n).</summary>
    internal static double NearestRank(IReadOnlyList<double> ascending, int percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * ascending.Count);
        return ascending[Math.Clamp(rank, 1, ascending.Count) - 1];
    }

    private static void AddRetrievalMetrics(EvalQuestion question, AskResult result, Dictionary<string, double> metrics, List<string> reasons)
    {
        var top = result.Retrieved.Take(MaxRank).ToList();
        if (question.Sources.Count > 0)
        {
            var sources = question.Sources.ToHashSet(StringComparer.Ordinal);
            var firstSource = top.FindIndex(r => sources.Contains(r.Chunk.DocId));
            metrics[MetricNames.SourceHitAt1] = HitWithin(firstSource, 1);
            metrics[MetricNames.SourceHitAt3] = HitWithin(firstSource, 3);
            metrics[MetricNames.SourceHitAt5] = HitWithin(firstSource, 5);
        }

        var firstEvidence = top.FindIndex(r => ContainsEvidence(r.Chunk.Text, question.Evidence));
        metrics[MetricNames.EvidenceHitAt1] = HitWithin(firstEvidence, 1);
        metrics[MetricNames.EvidenceHitAt3] = HitWithin(firstEvidence, 3);
        metrics[MetricNames.EvidenceHitAt5] = HitWithin(firstEvidence, 5);
        metrics[MetricNames.Mrr] = firstEvidence < 0 ? 0 : 1.0 / (firstEvidence + 1);
        if (firstEvidence < 0)
        {
            reasons.Add($"no gold evidence in top {MaxRank}");
        }
    }

    private static double HitWithin(int zeroBasedRank, int k) => zeroBasedRank >= 0 && zeroBasedRank < k ? 1 : 0;

    private static string StripMarkers(string answer) => MarkerRegex().Replace(answer, " ");

    private static string Passage(Citation citation) =>
        $"{citation.Title}\n{citation.Byline}\n{citation.Date}\n{citation.Quote}";

    /// <summary>
    /// Scores the citations against the gold data, not against the guard's own check: did the answer cite a passage
    /// holding the evidence (<see cref="MetricNames.CitedEvidenceRecall"/>), and which share of its citations quote
    /// gold evidence or a gold answer (<see cref="MetricNames.CitationPrecision"/>).
    /// </summary>
    private static void AddGoldCitationMetrics(EvalQuestion question, AskResult result, Dictionary<string, double> metrics)
    {
        var quotes = result.Citations.Select(c => c.Quote).ToList();
        if (!question.Answerable)
        {
            // Nothing in the corpus answers the question, so no citation of an answer to it can be gold.
            if (quotes.Count > 0)
            {
                metrics[MetricNames.CitationPrecision] = 0;
            }

            return;
        }

        if (question.Evidence.Count > 0)
        {
            metrics[MetricNames.CitedEvidenceRecall] = quotes.Any(q => EvidenceOverlap.OverlapsAny(q, question.Evidence)) ? 1 : 0;
        }

        if (quotes.Count > 0 && (question.Evidence.Count > 0 || question.Answers.Count > 0))
        {
            var gold = quotes.Count(q => EvidenceOverlap.OverlapsAny(q, question.Evidence) || AnswerNormalizer.ContainsAnswer(q, question.Answers));
            metrics[MetricNames.CitationPrecision] = (double)gold / quotes.Count;
        }
    }

    private void AddGuardSupport(AskResult result, Dictionary<string, double> metrics, List<string> unsupported)
    {
        var byNumber = new Dictionary<int, Citation>();
        foreach (var citation in result.Citations)
        {
            byNumber.TryAdd(citation.N, citation);
        }

        var claims = 0;
        var supportedClaims = 0;
        foreach (var claim in AnswerClaimParser.Parse(result.Answer))
        {
            if (this.checker.IsLeadIn(claim.Text))
            {
                continue;
            }

            claims++;

            // A marker pointing at no citation backs nothing, so the claim counts as uncited for it.
            var cited = claim.Numbers.Distinct().Where(byNumber.ContainsKey).Select(n => byNumber[n]).ToList();
            if (cited.Count > 0 && this.checker.IsSupported(claim.Text, string.Join("\n", cited.Select(Passage))))
            {
                supportedClaims++;
            }
            else
            {
                unsupported.Add(claim.Text.Trim());
            }
        }

        if (claims > 0)
        {
            metrics[MetricNames.GuardSupport] = (double)supportedClaims / claims;
        }
    }

    [GeneratedRegex(@"\[\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();
}
