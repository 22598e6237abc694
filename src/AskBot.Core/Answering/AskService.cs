using System.Runtime.CompilerServices;
using System.Text;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using AskBot.Core.Conversation;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering;

/// <summary>
/// One question end to end: validate, rewrite a follow-up, retrieve, run the SK answer prompt on the
/// configured chat service (falling back to the offline extractive service when an LLM fails), and pass the
/// raw answer through the <see cref="GroundingGuard"/>, which keeps only supported sentences and resolves
/// their [n] markers into verbatim citations.
/// </summary>
public sealed partial class AskService : IAskService
{
    private const string FiguresLeadIn = "The sources give different figures";
    private const int MaxReasonChars = 80;

    private readonly ICorpusIndexProvider index;
    private readonly IRetriever retriever;
    private readonly IQuestionRewriter rewriter;
    private readonly AnswerKernelProvider kernels;
    private readonly GroundingGuard guard;
    private readonly IOptions<ChatOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<AskService> logger;

    public AskService(
        ICorpusIndexProvider index,
        IRetriever retriever,
        IQuestionRewriter rewriter,
        AnswerKernelProvider kernels,
        GroundingGuard guard,
        IOptions<ChatOptions> options,
        TimeProvider time,
        ILogger<AskService> logger)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.index = index;
        this.retriever = retriever;
        this.rewriter = rewriter;
        this.kernels = kernels;
        this.guard = guard;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
    {
        var prepared = await this.PrepareAsync(question, history, cancellationToken).ConfigureAwait(false);
        if (prepared.Arguments is null)
        {
            return this.Finish(prepared, AnswerTexts.Refusal, prepared.Kernel.ProviderName, fallbackNote: null);
        }

        try
        {
            var result = await prepared.Kernel.Kernel.InvokeAsync(prepared.Kernel.Answer, prepared.Arguments, cancellationToken).ConfigureAwait(false);
            return this.Finish(prepared, result.GetValue<string>() ?? string.Empty, prepared.Kernel.ProviderName, fallbackNote: null);
        }
        catch (Exception ex) when (this.CanFallBack(prepared.Kernel, ex, cancellationToken))
        {
            return await this.FallBackAsync(prepared, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AskStreamUpdate> AskStreamingAsync(
        string question,
        ConversationHistory? history = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prepared = await this.PrepareAsync(question, history, cancellationToken).ConfigureAwait(false);
        if (prepared.Arguments is null)
        {
            yield return new AskStreamUpdate(null, this.Finish(prepared, AnswerTexts.Refusal, prepared.Kernel.ProviderName, fallbackNote: null));
            yield break;
        }

        var raw = new StringBuilder();
        Exception? failure = null;
        var enumerator = prepared.Kernel.Kernel
            .InvokeStreamingAsync<StreamingChatMessageContent>(prepared.Kernel.Answer, prepared.Arguments, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (failure is null)
            {
                string? delta;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    delta = enumerator.Current.Content;
                }
                catch (Exception ex) when (this.CanFallBack(prepared.Kernel, ex, cancellationToken))
                {
                    failure = ex;
                    break;
                }

                if (!string.IsNullOrEmpty(delta))
                {
                    raw.Append(delta);
                    yield return new AskStreamUpdate(delta, null);
                }
            }
        }
        finally
        {
            try
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception) when (failure is not null)
            {
                // The stream already failed; its fallback answer matters more than a second failure on disposal.
            }
        }

        var final = failure is null
            ? this.Finish(prepared, raw.ToString(), prepared.Kernel.ProviderName, fallbackNote: null)
            : await this.FallBackAsync(prepared, failure, cancellationToken).ConfigureAwait(false);
        yield return new AskStreamUpdate(null, final);
    }

    /// <summary>Validates, rewrites a follow-up, retrieves and builds the prompt arguments (null when nothing was retrieved).</summary>
    private async Task<PreparedQuestion> PrepareAsync(string question, ConversationHistory? history, CancellationToken cancellationToken)
    {
        var clean = QuestionText.Clean(question, this.options.Value.MaxQuestionChars);
        var started = this.time.GetTimestamp();
        await this.index.EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
        var kernel = this.kernels.Get();

        var standalone = history is null || history.Turns.IsEmpty
            ? clean
            : await this.rewriter.RewriteAsync(clean, history, cancellationToken).ConfigureAwait(false);
        var retrieved = await this.retriever.RetrieveAsync(QuestionFocus.Extract(standalone), cancellationToken: cancellationToken).ConfigureAwait(false);
        var retrievedAt = this.time.GetTimestamp();

        KernelArguments? arguments = null;
        if (retrieved.Count > 0)
        {
            arguments = new KernelArguments
            {
                ["question"] = standalone,
                ["sources"] = SourceFormat.Render(retrieved.Select((r, i) => new PromptSource(i + 1, r.Chunk.Title ?? string.Empty, r.Chunk.Byline ?? string.Empty, r.Chunk.Date ?? string.Empty, r.Chunk.Text))),
                ["refusal"] = AnswerTexts.Refusal,
                ["max_sentences"] = this.options.Value.MaxAnswerSentences,
            };
        }

        return new PreparedQuestion(clean, standalone, retrieved, arguments, kernel, started, retrievedAt);
    }

    /// <summary>
    /// Answers with the offline extractive service after the configured LLM failed; an authentication failure
    /// is never hidden: it is rethrown (unwrapped when Semantic Kernel wrapped it).
    /// </summary>
    private async Task<AskResult> FallBackAsync(PreparedQuestion prepared, Exception failure, CancellationToken cancellationToken)
    {
        ChatFailures.ThrowIfAuthentication(failure);
        var reason = Reason(failure, cancellationToken);
        this.LogFallback(prepared.Kernel.ProviderName, reason);
        var extractive = this.kernels.Get(ChatProviders.Extractive);
        var result = await extractive.Kernel.InvokeAsync(extractive.Answer, prepared.Arguments, cancellationToken).ConfigureAwait(false);
        var note = $"The language model was unavailable ({reason}); this is the offline extractive answer.";
        return this.Finish(prepared, result.GetValue<string>() ?? string.Empty, extractive.ProviderName, note);
    }

    /// <summary>Guards the raw answer and builds the result.</summary>
    private AskResult Finish(PreparedQuestion prepared, string rawAnswer, string provider, string? fallbackNote)
    {
        var answeredAt = this.time.GetTimestamp();
        var grounded = this.guard.Guard(rawAnswer, prepared.Retrieved, this.index.GetDocument, this.options.Value.UnsupportedSentences);
        var notes = new List<string>();
        if (fallbackNote is not null)
        {
            notes.Add(fallbackNote);
        }

        notes.AddRange(grounded.Notes);
        if (!grounded.Refused && grounded.Answer.StartsWith(FiguresLeadIn, StringComparison.Ordinal))
        {
            notes.Add("The sources disagree on this figure; each is given with its source.");
        }

        var timings = new AskTimings(
            this.time.GetElapsedTime(prepared.Started, prepared.RetrievedAt).TotalMilliseconds,
            this.time.GetElapsedTime(prepared.RetrievedAt, answeredAt).TotalMilliseconds,
            this.time.GetElapsedTime(prepared.Started).TotalMilliseconds);
        this.LogAnswered(prepared.Retrieved.Count, grounded.Citations.Count, grounded.Refused, timings.TotalMs);
        return new AskResult(
            prepared.Question,
            prepared.Standalone,
            grounded.Answer,
            grounded.Refused,
            provider,
            notes,
            grounded.Citations,
            prepared.Retrieved,
            timings);
    }

    /// <summary>
    /// True when an LLM provider failed in a way the extractive answer can stand in for: a
    /// <see cref="ChatProviderException"/> (possibly wrapped by Semantic Kernel) or a timeout that is not the
    /// caller's cancellation. (<see cref="FallBackAsync"/> rethrows an authentication failure unwrapped.)
    /// </summary>
    private bool CanFallBack(AnswerKernel kernel, Exception exception, CancellationToken cancellationToken)
    {
        if (kernel.ProviderName == nameof(ChatProviders.Extractive))
        {
            return false;
        }

        return ChatFailures.Find(exception) is not null || ChatFailures.IsTimeout(exception, cancellationToken);
    }

    private static string Reason(Exception failure, CancellationToken cancellationToken)
    {
        if (ChatFailures.Find(failure) is { } provider)
        {
            return ChatFailures.Shorten(provider.Message, MaxReasonChars);
        }

        return ChatFailures.IsTimeout(failure, cancellationToken) ? "timed out" : failure.GetType().Name;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered from {Retrieved} chunks with {Citations} citations (refused: {Refused}) in {TotalMs} ms")]
    private partial void LogAnswered(int retrieved, int citations, bool refused, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat provider {Provider} failed ({Reason}); answering with the offline extractive service")]
    private partial void LogFallback(string provider, string reason);

    private sealed record PreparedQuestion(
        string Question,
        string Standalone,
        IReadOnlyList<RetrievedChunk> Retrieved,
        KernelArguments? Arguments,
        AnswerKernel Kernel,
        long Started,
        long RetrievedAt);
}
