using System.Runtime.CompilerServices;
using AskBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// Stands the offline reader in for a language model that failed (a <see cref="ChatProviderException"/>, possibly
/// wrapped by Semantic Kernel, or a timeout that is not the caller's cancellation), with a note saying so. A rejected
/// key is never hidden: it is rethrown unwrapped. Streamed, a failure part way through ends the model's text and the
/// reader's draft follows as a <see cref="DraftAnswerContent"/>.
/// </summary>
internal sealed partial class FallbackFilter : IFunctionInvocationFilter
{
    private const int MaxReasonChars = 80;

    private readonly OfflineAnswerPlugin offline;
    private readonly ILogger<FallbackFilter> logger;

    public FallbackFilter(OfflineAnswerPlugin offline, ILogger<FallbackFilter> logger)
    {
        ArgumentNullException.ThrowIfNull(offline);
        ArgumentNullException.ThrowIfNull(logger);
        this.offline = offline;
        this.logger = logger;
    }

    /// <summary>The note an answer of the fallback carries.</summary>
    public static string Note(string reason) => $"The language model was unavailable ({reason}); this is the offline extractive answer.";

    /// <summary>The reason in <see cref="Note"/> when the model's answer ran out of its budget (<c>AskBot:Chat:AnswerTimeoutSeconds</c>).</summary>
    public static string OutOfTimeReason(int seconds) => $"no answer within {seconds} s";

    /// <inheritdoc />
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsModelAnswer(context))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var cancellationToken = context.CancellationToken;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (CanFallBack(ex, cancellationToken))
        {
            context.Result = new FunctionResult(context.Function, await this.FallBackAsync(ex, context.Arguments, cancellationToken).ConfigureAwait(false));
            return;
        }

        if (context.IsStreaming)
        {
            var stream = context.Result.GetValue<IAsyncEnumerable<StreamingKernelContent>>() ?? AsyncEnumerable.Empty<StreamingKernelContent>();
            context.Result = new FunctionResult(context.Result, this.WithFallbackAsync(stream, context.Arguments, cancellationToken));
        }
    }

    private static bool IsModelAnswer(FunctionInvocationContext context) =>
        GroundingFilter.IsAnswering(context) && context.Function.PluginName == AnswerKernelProvider.PluginName;

    private static bool CanFallBack(Exception exception, CancellationToken cancellationToken) =>
        ChatFailures.Find(exception) is not null || ChatFailures.IsTimeout(exception, cancellationToken);

    private static string Reason(Exception failure, CancellationToken cancellationToken)
    {
        if (ChatFailures.Find(failure) is { } provider)
        {
            return ChatFailures.Shorten(provider.Message, MaxReasonChars);
        }

        return ChatFailures.IsTimeout(failure, cancellationToken) ? "timed out" : failure.GetType().Name;
    }

    private async Task<DraftAnswer> FallBackAsync(Exception failure, KernelArguments arguments, CancellationToken cancellationToken)
    {
        ChatFailures.ThrowIfAuthentication(failure);
        var reason = Reason(failure, cancellationToken);
        this.LogFallback(reason);

        // Called directly, not through the kernel: the grounding filter around this invocation checks the draft once.
        var draft = await this.offline.AnswerAsync(arguments, cancellationToken).ConfigureAwait(false);
        return draft with { Notes = [Note(reason), .. draft.Notes], AnsweredBy = nameof(ChatProviders.Extractive) };
    }

    private async IAsyncEnumerable<StreamingKernelContent> WithFallbackAsync(
        IAsyncEnumerable<StreamingKernelContent> stream,
        KernelArguments arguments,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                StreamingKernelContent item;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    item = enumerator.Current;
                }
                catch (Exception ex) when (CanFallBack(ex, cancellationToken))
                {
                    failure = ex;
                    break;
                }

                yield return item;
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

        if (failure is not null)
        {
            yield return new DraftAnswerContent(await this.FallBackAsync(failure, arguments, cancellationToken).ConfigureAwait(false));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat provider failed ({Reason}); answering with the offline reader")]
    private partial void LogFallback(string reason);
}
