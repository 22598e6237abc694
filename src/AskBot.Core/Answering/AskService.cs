using System.Runtime.CompilerServices;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using AskBot.Core.Conversation;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering;

/// <summary>
/// One question end to end: validate, rewrite a follow-up, retrieve, and invoke the kernel's answering function (the LLM
/// prompt or the offline reader) with the typed passages. The kernel's filters check the answer against its passages
/// (<see cref="GroundingFilter"/>) and stand the offline reader in for a model that failed (<see cref="FallbackFilter"/>).
/// </summary>
public sealed partial class AskService : IAskService
{
    private readonly ICorpusIndexProvider index;
    private readonly IRetriever retriever;
    private readonly IQuestionRewriter rewriter;
    private readonly AnswerKernelProvider kernels;
    private readonly IOptions<ChatOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<AskService> logger;

    public AskService(
        ICorpusIndexProvider index,
        IRetriever retriever,
        IQuestionRewriter rewriter,
        AnswerKernelProvider kernels,
        IOptions<ChatOptions> options,
        TimeProvider time,
        ILogger<AskService> logger)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.index = index;
        this.retriever = retriever;
        this.rewriter = rewriter;
        this.kernels = kernels;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
    {
        var prepared = await this.PrepareAsync(question, history, cancellationToken).ConfigureAwait(false);
        return await this.AskPreparedAsync(prepared, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AskStreamUpdate> AskStreamingAsync(
        string question,
        ConversationHistory? history = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prepared = await this.PrepareAsync(question, history, cancellationToken).ConfigureAwait(false);
        if (prepared.Arguments is null || !prepared.Kernel.AnswersWithModel)
        {
            // The offline answer is immediate: there is nothing to stream.
            yield return new AskStreamUpdate(null, await this.AskPreparedAsync(prepared, cancellationToken).ConfigureAwait(false));
            yield break;
        }

        GroundedAnswer? final = null;
        var stream = prepared.Kernel.Kernel.InvokeStreamingAsync<StreamingKernelContent>(prepared.Kernel.Answer, prepared.Arguments, cancellationToken);
        await foreach (var item in stream.ConfigureAwait(false))
        {
            if (item is GroundedAnswerContent grounded)
            {
                final = grounded.Answer;
            }
            else if (item is StreamingChatMessageContent { Content: { Length: > 0 } delta })
            {
                yield return new AskStreamUpdate(delta, null);
            }
        }

        yield return new AskStreamUpdate(null, this.Finish(prepared, final ?? Refusal));
    }

    private static GroundedAnswer Refusal => new(AnswerTexts.Refusal, true, [], []);

    private async Task<AskResult> AskPreparedAsync(PreparedQuestion prepared, CancellationToken cancellationToken)
    {
        if (prepared.Arguments is null)
        {
            return this.Finish(prepared, Refusal);
        }

        try
        {
            var result = await prepared.Kernel.Kernel.InvokeAsync(prepared.Kernel.Answer, prepared.Arguments, cancellationToken).ConfigureAwait(false);
            return this.Finish(prepared, result.GetValue<GroundedAnswer>() ?? Refusal);
        }
        catch (Exception ex) when (ChatFailures.Find(ex) is ChatProviderAuthenticationException)
        {
            // A rejected key reaches the caller as itself, not wrapped in Semantic Kernel's exception.
            ChatFailures.ThrowIfAuthentication(ex);
            throw;
        }
    }

    /// <summary>Validates, rewrites a follow-up, retrieves and builds the function arguments (null when nothing was retrieved).</summary>
    private async Task<PreparedQuestion> PrepareAsync(string question, ConversationHistory? history, CancellationToken cancellationToken)
    {
        var clean = QuestionText.Clean(question, this.options.Value.MaxQuestionChars);
        var started = this.time.GetTimestamp();
        await this.index.EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
        var kernel = this.kernels.Get();

        var rewrite = history is null || history.Turns.IsEmpty
            ? QuestionRewrite.Unchanged(clean)
            : await this.rewriter.RewriteAsync(clean, history, cancellationToken).ConfigureAwait(false);
        var standalone = rewrite.Standalone;
        var focused = QuestionFocus.Extract(standalone);
        var retrieved = await this.retriever.RetrieveAsync(focused, cancellationToken: cancellationToken).ConfigureAwait(false);
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
            };
            if (kernel.AnswersWithModel)
            {
                // Only a language model reads the passages as text.
                arguments[AnswerArguments.Sources] = SourceFormat.Render(retrieved.Select((r, i) => new PromptSource(
                    i + 1, r.Chunk.Title ?? string.Empty, r.Chunk.Byline ?? string.Empty, r.Chunk.Date ?? string.Empty, r.Chunk.Text)));
            }
        }

        return new PreparedQuestion(clean, standalone, rewrite.Resolutions, retrieved, arguments, kernel, started, retrievedAt);
    }

    private AskResult Finish(PreparedQuestion prepared, GroundedAnswer grounded)
    {
        var answeredAt = this.time.GetTimestamp();
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
            grounded.AnsweredBy ?? prepared.Kernel.ProviderName,
            [.. prepared.Resolutions.Select(r => "Follow-up read as: " + r), .. grounded.Notes],
            [.. grounded.Citations.Select(c => c with { Offsets = this.OffsetsOf(c.DocId, c.Start, c.End) })],
            [.. prepared.Retrieved.Select(r => r with { Offsets = this.OffsetsOf(r.Chunk.DocId, r.Chunk.Start, r.Chunk.End) })],
            timings);
    }

    // JSON readers outside .NET index strings by UTF-8 bytes or code points, not by the UTF-16 units of Start/End.
    private SpanOffsets OffsetsOf(string docId, int start, int end) => TextOffsets.Of(this.index.GetDocument(docId).Text, start, end);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered from {Retrieved} chunks with {Citations} citations (refused: {Refused}) in {TotalMs} ms")]
    private partial void LogAnswered(int retrieved, int citations, bool refused, double totalMs);

    private sealed record PreparedQuestion(
        string Question,
        string Standalone,
        IReadOnlyList<string> Resolutions,
        IReadOnlyList<RetrievedChunk> Retrieved,
        KernelArguments? Arguments,
        AnswerKernel Kernel,
        long Started,
        long RetrievedAt);
}
