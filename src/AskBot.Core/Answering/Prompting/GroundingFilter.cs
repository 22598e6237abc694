using System.Runtime.CompilerServices;
using System.Text;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// Runs the <see cref="GroundingGuard"/> around whichever function answers (the LLM prompt, the offline reader, or the
/// reader standing in after a model failed): the function's result (an LLM's text or a <see cref="DraftAnswer"/>)
/// becomes a <see cref="GroundedAnswer"/>. Streamed, the model's text passes through unchanged and a
/// <see cref="GroundedAnswerContent"/> ends the stream. Registered before the fallback filter, so it is the outer one.
/// </summary>
internal sealed class GroundingFilter : IFunctionInvocationFilter
{
    private readonly GroundingGuard guard;
    private readonly ICorpusIndexProvider index;
    private readonly IOptions<ChatOptions> options;

    public GroundingFilter(GroundingGuard guard, ICorpusIndexProvider index, IOptions<ChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        this.guard = guard;
        this.index = index;
        this.options = options;
    }

    /// <summary>True for an invocation of an answering function (one given passages).</summary>
    public static bool IsAnswering(FunctionInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Function.Name is AnswerKernel.AnswerFunctionName or AnswerKernel.TopSentenceFunctionName
            && context.Arguments.ContainsName(AnswerArguments.Passages);
    }

    /// <inheritdoc />
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context).ConfigureAwait(false);
        if (!IsAnswering(context))
        {
            return;
        }

        if (context.IsStreaming)
        {
            var stream = context.Result.GetValue<IAsyncEnumerable<StreamingKernelContent>>() ?? AsyncEnumerable.Empty<StreamingKernelContent>();
            context.Result = new FunctionResult(context.Result, this.GuardStreamAsync(stream, context.Arguments, context.CancellationToken));
            return;
        }

        var draft = context.Result.GetValue<object>() switch
        {
            DraftAnswer typed => typed,
            var other => DraftAnswer.FromText(other?.ToString() ?? string.Empty),
        };
        context.Result = new FunctionResult(context.Result, this.Guard(draft, context.Arguments));
    }

    private GroundedAnswer Guard(DraftAnswer draft, KernelArguments arguments)
    {
        var passages = draft.Passages ?? AnswerArguments.PassagesOf(arguments);
        Func<string, Corpus.SourceDocument> documents = AnswerArguments.IndexOf(arguments) is { } snapshot ? snapshot.GetDocument : this.index.GetDocument;
        return this.guard.Guard(draft, passages, documents, this.options.Value.UnsupportedSentences) with { AnsweredBy = draft.AnsweredBy };
    }

    private async IAsyncEnumerable<StreamingKernelContent> GuardStreamAsync(
        IAsyncEnumerable<StreamingKernelContent> stream,
        KernelArguments arguments,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        DraftAnswer? replacement = null;
        await foreach (var item in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item is DraftAnswerContent draft)
            {
                replacement = draft.Draft;
                continue;
            }

            text.Append(item is StreamingChatMessageContent message ? message.Content : item.ToString());
            yield return item;
        }

        yield return new GroundedAnswerContent(this.Guard(replacement ?? DraftAnswer.FromText(text.ToString()), arguments));
    }
}
