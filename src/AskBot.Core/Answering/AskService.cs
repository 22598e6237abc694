using System.Diagnostics;
using System.Runtime.CompilerServices;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using AskBot.Core.Conversation;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Telemetry;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering;

/// <summary>
/// One question end to end: validate, rewrite a follow-up, retrieve, and invoke the kernel's answering function (the LLM
/// prompt or the offline reader) with the typed passages. The kernel's filters check the answer against its passages
/// (<see cref="GroundingFilter"/>) and stand the offline reader in for a model that failed (<see cref="FallbackFilter"/>).
/// A model's answer gets <see cref="ChatOptions.AnswerTimeoutSeconds"/> in all (attempts, waits, the whole stream); when
/// that runs out the call is cancelled and the offline reader answers with the fallback note. Each question is one
/// <c>askbot.ask</c> activity and is recorded in <see cref="AskBotTelemetry"/>. A question takes the index serving when it
/// starts and uses that snapshot to the end (rewrite, retrieval, reader, guard, offsets), whatever a corpus refresh swaps in.
/// </summary>
internal sealed partial class AskService : IAskService
{
    private readonly ICorpusIndexSource index;
    private readonly IRetriever retriever;
    private readonly IQuestionRewriter rewriter;
    private readonly AnswerKernelProvider kernels;
    private readonly IOptions<ChatOptions> options;
    private readonly TimeProvider time;
    private readonly AskBotTelemetry telemetry;
    private readonly ILogger<AskService> logger;

    public AskService(
        ICorpusIndexSource index,
        IRetriever retriever,
        IQuestionRewriter rewriter,
        AnswerKernelProvider kernels,
        IOptions<ChatOptions> options,
        TimeProvider time,
        AskBotTelemetry telemetry,
        ILogger<AskService> logger)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        this.index = index;
        this.retriever = retriever;
        this.rewriter = rewriter;
        this.kernels = kernels;
        this.options = options;
        this.time = time;
        this.telemetry = telemetry;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
    {
        using var activity = this.telemetry.ActivitySource.StartActivity(ActivityName);
        var prepared = await this.PrepareAsync(question, history, cancellationToken).ConfigureAwait(false);
        return await this.AskPreparedAsync(prepared, activity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AskStreamUpdate> AskStreamingAsync(
        string question,
        ConversationHistory? history = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = this.telemetry.ActivitySource.StartActivity(ActivityName);
        var prepared = await this.PrepareAsync(question, history, cancellationToken).ConfigureAwait(false);
        if (prepared.Arguments is null || !prepared.Kernel.AnswersWithModel)
        {
            // The offline answer is immediate: there is nothing to stream.
            yield return new AskStreamUpdate(null, await this.AskPreparedAsync(prepared, activity, cancellationToken).ConfigureAwait(false));
            yield break;
        }

        GroundedAnswer? final = null;
        var outOfTime = false;
        using (var budget = new AnswerBudget(this.AnswerBudgetSpan, this.time, cancellationToken))
        {
            var stream = prepared.Kernel.Kernel.InvokeStreamingAsync<StreamingKernelContent>(prepared.Kernel.Answer, prepared.Arguments, budget.Token);
            var updates = stream.GetAsyncEnumerator(budget.Token);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (Exception) when (budget.RanOut)
                    {
                        outOfTime = true;
                        break;
                    }

                    if (updates.Current is GroundedAnswerContent grounded)
                    {
                        final = grounded.Answer;
                    }
                    else if (updates.Current is StreamingChatMessageContent { Content: { Length: > 0 } delta })
                    {
                        yield return new AskStreamUpdate(delta, null);
                    }
                }
            }
            finally
            {
                try
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception) when (outOfTime)
                {
                    // The cancelled model call may fail again while closing; the offline answer follows regardless.
                }
            }
        }

        if (outOfTime)
        {
            final = await this.AnswerOfflineAsync(prepared, cancellationToken).ConfigureAwait(false);
        }

        yield return new AskStreamUpdate(null, this.Finish(prepared, final ?? Refusal, activity));
    }

    private const string ActivityName = "askbot.ask";

    private static GroundedAnswer Refusal => new(AnswerTexts.Refusal, true, [], []);

    private TimeSpan AnswerBudgetSpan => TimeSpan.FromSeconds(this.options.Value.AnswerTimeoutSeconds);

    private async Task<AskResult> AskPreparedAsync(PreparedQuestion prepared, Activity? activity, CancellationToken cancellationToken)
    {
        if (prepared.Arguments is null)
        {
            return this.Finish(prepared, Refusal, activity);
        }

        // Only a language model's answer has a budget: the offline reader answers at once.
        using var budget = prepared.Kernel.AnswersWithModel ? new AnswerBudget(this.AnswerBudgetSpan, this.time, cancellationToken) : null;
        try
        {
            var result = await prepared.Kernel.Kernel.InvokeAsync(prepared.Kernel.Answer, prepared.Arguments, budget?.Token ?? cancellationToken).ConfigureAwait(false);
            return this.Finish(prepared, result.GetValue<GroundedAnswer>() ?? Refusal, activity);
        }
        catch (Exception ex) when (ChatFailures.Find(ex) is ChatProviderAuthenticationException)
        {
            // A rejected key reaches the caller as itself, not wrapped in Semantic Kernel's exception.
            ChatFailures.ThrowIfAuthentication(ex);
            throw;
        }
        catch (Exception) when (budget is { RanOut: true })
        {
            return this.Finish(prepared, await this.AnswerOfflineAsync(prepared, cancellationToken).ConfigureAwait(false), activity);
        }
    }

    /// <summary>
    /// The offline reader's answer after the model ran out of budget, run through the kernel (so the grounding filter
    /// checks it) with the caller's token, carrying the fallback note.
    /// </summary>
    private async Task<GroundedAnswer> AnswerOfflineAsync(PreparedQuestion prepared, CancellationToken cancellationToken)
    {
        var seconds = this.options.Value.AnswerTimeoutSeconds;
        this.LogOutOfTime(seconds);
        var offline = prepared.Kernel.Kernel.Plugins[OfflineAnswerPlugin.PluginName][AnswerKernel.AnswerFunctionName];
        var result = await prepared.Kernel.Kernel.InvokeAsync(offline, prepared.Arguments, cancellationToken).ConfigureAwait(false);
        var grounded = result.GetValue<GroundedAnswer>() ?? Refusal;
        return grounded with
        {
            Notes = [FallbackFilter.Note(FallbackFilter.OutOfTimeReason(seconds)), .. grounded.Notes],
            AnsweredBy = nameof(ChatProviders.Extractive),
        };
    }

    /// <summary>Validates, rewrites a follow-up, retrieves and builds the function arguments (null when nothing was retrieved).</summary>
    private async Task<PreparedQuestion> PrepareAsync(string question, ConversationHistory? history, CancellationToken cancellationToken)
    {
        var clean = QuestionText.Clean(question, this.options.Value.MaxQuestionChars);
        var started = this.time.GetTimestamp();
        var snapshot = await this.index.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        var kernel = this.kernels.Get();

        var rewrite = history is null || history.Turns.IsEmpty
            ? QuestionRewrite.Unchanged(clean)
            : await this.rewriter.RewriteAsync(clean, history, snapshot, cancellationToken).ConfigureAwait(false);
        var standalone = rewrite.Standalone;
        var focused = QuestionFocus.Extract(standalone);
        var retrieved = await this.retriever.RetrieveAsync(focused, index: snapshot, cancellationToken: cancellationToken).ConfigureAwait(false);
        var retrievedAt = this.time.GetTimestamp();

        KernelArguments? arguments = null;
        if (retrieved.Count > 0)
        {
            arguments = new KernelArguments
            {
                [AnswerArguments.Question] = focused,
                [AnswerArguments.Passages] = retrieved,
                [AnswerArguments.Refusal] = AnswerTexts.Refusal,
                [AnswerArguments.MaxSentences] = this.options.Value.MaxAnswerSentences,
                [AnswerArguments.Index] = new IndexSnapshot(snapshot),
            };
            if (kernel.AnswersWithModel)
            {
                // Only a language model reads the passages as text.
                arguments[AnswerArguments.Sources] = SourceFormat.Render(retrieved.Select((r, i) => new PromptSource(
                    i + 1, r.Chunk.Title ?? string.Empty, r.Chunk.Byline ?? string.Empty, r.Chunk.Date ?? string.Empty, r.Chunk.Text)));
            }
        }

        return new PreparedQuestion(clean, standalone, rewrite.Resolutions, retrieved, arguments, kernel, snapshot, started, retrievedAt);
    }

    private AskResult Finish(PreparedQuestion prepared, GroundedAnswer grounded, Activity? activity)
    {
        var answeredAt = this.time.GetTimestamp();
        var retrieve = this.time.GetElapsedTime(prepared.Started, prepared.RetrievedAt);
        var answer = this.time.GetElapsedTime(prepared.RetrievedAt, answeredAt);
        var total = this.time.GetElapsedTime(prepared.Started, answeredAt);
        var timings = new AskTimings(retrieve.TotalMilliseconds, answer.TotalMilliseconds, total.TotalMilliseconds);
        var provider = grounded.AnsweredBy ?? prepared.Kernel.ProviderName;
        this.LogAnswered(prepared.Retrieved.Count, grounded.Citations.Count, grounded.Refused, timings.TotalMs);

        // AnsweredBy is set only when the offline reader stood in for the configured model.
        this.telemetry.RecordStage("retrieve", retrieve);
        this.telemetry.RecordStage("answer", answer);
        this.telemetry.RecordAnswer(provider, grounded.Refused, fellBack: grounded.AnsweredBy is not null, total);
        activity?.SetTag("askbot.provider", provider);
        activity?.SetTag("askbot.refused", grounded.Refused);
        activity?.SetTag("askbot.citations", grounded.Citations.Count);
        return new AskResult(
            prepared.Question,
            prepared.Standalone,
            grounded.Answer,
            grounded.Refused,
            provider,
            [.. prepared.Resolutions.Select(r => "Follow-up read as: " + r), .. grounded.Notes],
            [.. grounded.Citations.Select(c => Locate(prepared.Index, c))],
            [.. prepared.Retrieved.Select(r => r with { Offsets = OffsetsOf(prepared.Index, r.Chunk.DocId, r.Chunk.Start, r.Chunk.End) })],
            timings);
    }

    // JSON readers outside .NET index strings by UTF-8 bytes or code points, not by the UTF-16 units of Start/End.
    // Where the quote came from: its file and, for a paged file, the page, besides the offsets in every unit.
    private static Citation Locate(CorpusIndex index, Citation citation)
    {
        var document = index.GetDocument(citation.DocId);
        return citation with
        {
            Offsets = TextOffsets.Of(document.Text, citation.Start, citation.End),
            SourceFile = Path.GetFileName(document.FilePath),
            Page = document.PageAt(citation.Start),
        };
    }

    private static SpanOffsets OffsetsOf(CorpusIndex index, string docId, int start, int end) => TextOffsets.Of(index.GetDocument(docId).Text, start, end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model gave no answer within the {BudgetSeconds} s answer budget; answering with the offline reader")]
    private partial void LogOutOfTime(int budgetSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered from {Retrieved} chunks with {Citations} citations (refused: {Refused}) in {TotalMs} ms")]
    private partial void LogAnswered(int retrieved, int citations, bool refused, double totalMs);

    /// <summary>The caller's token plus a timer on <see cref="TimeProvider"/>: tells running out of time from the caller cancelling.</summary>
    private sealed class AnswerBudget : IDisposable
    {
        private readonly CancellationTokenSource timer;
        private readonly CancellationTokenSource linked;
        private readonly CancellationToken caller;

        public AnswerBudget(TimeSpan budget, TimeProvider time, CancellationToken caller)
        {
            this.caller = caller;
            this.timer = new CancellationTokenSource(budget, time);
            this.linked = CancellationTokenSource.CreateLinkedTokenSource(caller, this.timer.Token);
        }

        public CancellationToken Token => this.linked.Token;

        /// <summary>True when the budget, not the caller, ended the call.</summary>
        public bool RanOut => this.timer.IsCancellationRequested && !this.caller.IsCancellationRequested;

        public void Dispose()
        {
            this.linked.Dispose();
            this.timer.Dispose();
        }
    }

    private sealed record PreparedQuestion(
        string Question,
        string Standalone,
        IReadOnlyList<string> Resolutions,
        IReadOnlyList<RetrievedChunk> Retrieved,
        KernelArguments? Arguments,
        AnswerKernel Kernel,
        CorpusIndex Index,
        long Started,
        long RetrievedAt);
}
