using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Runs a question set through <see cref="IAskService"/>: each question's history turns first (as one
/// conversation), then the question itself, and scores the last answer with <see cref="EvaluationMetrics"/>.
/// </summary>
public sealed class EvaluationRunner
{
    private readonly IAskService askService;
    private readonly TimeProvider timeProvider;
    private readonly LlmGroundednessJudge? judge;
    private readonly IOptions<ChatOptions>? chatOptions;
    private readonly EvaluationMetrics metrics = new();

    /// <summary>
    /// Creates the runner; with an enabled <paramref name="judge"/> (<c>AskBot:Eval:Judge</c> configured) answers also
    /// get <see cref="MetricNames.Groundedness"/>. <paramref name="chatOptions"/> names the answerer in the report.
    /// </summary>
    public EvaluationRunner(IAskService askService, TimeProvider timeProvider, LlmGroundednessJudge? judge = null, IOptions<ChatOptions>? chatOptions = null)
    {
        ArgumentNullException.ThrowIfNull(askService);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.askService = askService;
        this.timeProvider = timeProvider;
        this.judge = judge;
        this.chatOptions = chatOptions;
    }

    /// <summary>The same runner without the judge: for a comparison run whose groundedness nobody reads.</summary>
    public EvaluationRunner WithoutJudge() => new(this.askService, this.timeProvider, null, this.chatOptions);

    /// <summary>
    /// Asks every question in order and aggregates the outcome. <paramref name="progress"/> receives the number
    /// of questions finished so far. A question the service rejects (<see cref="InvalidQuestionException"/>)
    /// is scored as a refusal and fails with the reason; it does not stop the run.
    /// </summary>
    public async Task<EvaluationReport> RunAsync(
        string questionSetPath,
        IReadOnlyList<EvalQuestion> questions,
        string retrieverName,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questionSetPath);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(retrieverName);
        var started = this.timeProvider.GetTimestamp();
        var evaluations = new List<QuestionEvaluation>(questions.Count);
        string? provider = null;
        foreach (var question in questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (evaluation, firstProvider) = await this.EvaluateAsync(question, cancellationToken).ConfigureAwait(false);
            provider ??= firstProvider;
            evaluations.Add(evaluation);
            progress?.Report(evaluations.Count);
        }

        var categories = evaluations
            .GroupBy(e => e.Question.Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => EvaluationMetrics.Summarize(g.ToList()), StringComparer.Ordinal);
        return new EvaluationReport(
            questionSetPath,
            provider ?? "unknown",
            retrieverName,
            EvaluationMetrics.Summarize(evaluations),
            categories,
            evaluations,
            this.timeProvider.GetElapsedTime(started).TotalSeconds,
            this.chatOptions?.Value is { } chat ? new AnswererInfo(chat.Provider.ToString(), chat.Provider.IsLanguageModel() ? chat.Model : null) : null,
            this.judge is { IsEnabled: true } judge ? judge.Info : null);
    }

    private async Task<(QuestionEvaluation Evaluation, string? Provider)> EvaluateAsync(EvalQuestion question, CancellationToken cancellationToken)
    {
        string? provider = null;
        var history = ConversationHistory.Empty;
        try
        {
            foreach (var turn in question.History)
            {
                var earlier = await this.askService.AskAsync(turn, history, cancellationToken).ConfigureAwait(false);
                provider ??= earlier.Provider;
                history = history.Append(new ConversationTurn(earlier.Question, earlier.StandaloneQuestion, earlier.Answer, earlier.Refused));
            }

            var turnStarted = this.timeProvider.GetTimestamp();
            var result = await this.askService.AskAsync(question.Question, history, cancellationToken).ConfigureAwait(false);
            var latencyMs = this.timeProvider.GetElapsedTime(turnStarted).TotalMilliseconds;
            provider ??= result.Provider;
            var scored = this.metrics.Compute(question, result);
            var values = scored.Metrics;
            if (this.judge is { IsEnabled: true } && !result.Refused
                && await this.judge.ScoreAsync(result, cancellationToken).ConfigureAwait(false) is double groundedness)
            {
                values = new Dictionary<string, double>(scored.Metrics, StringComparer.Ordinal) { [MetricNames.Groundedness] = groundedness };
            }

            return (new QuestionEvaluation(question, result, values, scored.UnsupportedClaims, scored.FailureReasons, latencyMs), provider);
        }
        catch (InvalidQuestionException ex)
        {
            // The bot never answered, which for scoring purposes is a refusal; the reason keeps it visible as a failure.
            var rejected = new AskResult(
                question.Question,
                question.Question,
                string.Empty,
                Refused: true,
                Provider: provider ?? string.Empty,
                Notes: [ex.Message],
                Citations: [],
                Retrieved: [],
                Timings: new AskTimings(0, 0, 0));
            var scored = this.metrics.Compute(question, rejected);
            var reasons = scored.FailureReasons.Prepend("invalid question: " + ex.Message).ToList();
            return (new QuestionEvaluation(question, rejected, scored.Metrics, scored.UnsupportedClaims, reasons, 0), provider);
        }
    }
}
