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
/// configured chat service, and resolve the answer's [n] markers into verbatim citations.
/// </summary>
public sealed partial class AskService : IAskService
{
    private readonly ICorpusIndexProvider index;
    private readonly IRetriever retriever;
    private readonly IQuestionRewriter rewriter;
    private readonly AnswerKernelProvider kernels;
    private readonly CitationResolver citations;
    private readonly IOptions<ChatOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<AskService> logger;

    public AskService(
        ICorpusIndexProvider index,
        IRetriever retriever,
        IQuestionRewriter rewriter,
        AnswerKernelProvider kernels,
        CitationResolver citations,
        IOptions<ChatOptions> options,
        TimeProvider time,
        ILogger<AskService> logger)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(citations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.index = index;
        this.retriever = retriever;
        this.rewriter = rewriter;
        this.kernels = kernels;
        this.citations = citations;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
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

        string rawAnswer;
        if (retrieved.Count == 0)
        {
            rawAnswer = AnswerTexts.Refusal;
        }
        else
        {
            var arguments = new KernelArguments
            {
                ["question"] = standalone,
                ["sources"] = SourceFormat.Render(retrieved.Select((r, i) => new PromptSource(i + 1, r.Chunk.Title ?? string.Empty, r.Chunk.Byline ?? string.Empty, r.Chunk.Date ?? string.Empty, r.Chunk.Text))),
                ["refusal"] = AnswerTexts.Refusal,
                ["max_sentences"] = this.options.Value.MaxAnswerSentences,
            };
            var result = await kernel.Kernel.InvokeAsync(kernel.Answer, arguments, cancellationToken).ConfigureAwait(false);
            rawAnswer = result.GetValue<string>() ?? string.Empty;
        }

        var answeredAt = this.time.GetTimestamp();
        var resolution = this.citations.Resolve(rawAnswer, retrieved, this.index.GetDocument);
        var refused = AnswerTexts.IsRefusal(resolution.Answer) || resolution.Citations.Count == 0;
        var notes = resolution.Notes.ToList();
        if (!refused && resolution.Answer.StartsWith("The sources give different figures", StringComparison.Ordinal))
        {
            notes.Add("The sources disagree on this figure; each is given with its source.");
        }

        var timings = new AskTimings(
            this.time.GetElapsedTime(started, retrievedAt).TotalMilliseconds,
            this.time.GetElapsedTime(retrievedAt, answeredAt).TotalMilliseconds,
            this.time.GetElapsedTime(started).TotalMilliseconds);
        this.LogAnswered(retrieved.Count, resolution.Citations.Count, refused, timings.TotalMs);
        return new AskResult(
            clean,
            standalone,
            refused ? AnswerTexts.Refusal : resolution.Answer,
            refused,
            kernel.ProviderName,
            notes,
            refused ? Array.Empty<Citation>() : resolution.Citations,
            retrieved,
            timings);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered from {Retrieved} chunks with {Citations} citations (refused: {Refused}) in {TotalMs} ms")]
    private partial void LogAnswered(int retrieved, int citations, bool refused, double totalMs);
}
