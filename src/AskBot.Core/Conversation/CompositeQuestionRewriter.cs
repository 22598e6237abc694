using System.Text;
using System.Text.RegularExpressions;
using AskBot.Core.Answering;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Conversation;

/// <summary>
/// Rewrites follow-ups with the <c>Rewrite</c> prompt function when the chat provider is an LLM, and with the
/// offline <see cref="OfflineQuestionRewriter"/> otherwise, or when the LLM fails (a
/// <see cref="ChatProviderException"/> or a timeout) or replies with something unusable. An authentication
/// failure is not hidden.
/// </summary>
internal sealed partial class CompositeQuestionRewriter : IQuestionRewriter
{
    /// <summary>Most recent turns rendered into the rewrite prompt.</summary>
    public const int MaxTurns = 6;

    private const int MaxAnswerChars = 600;

    private readonly OfflineQuestionRewriter offline;
    private readonly AnswerKernelProvider kernels;
    private readonly IOptions<ChatOptions> options;
    private readonly ILogger<CompositeQuestionRewriter> logger;

    public CompositeQuestionRewriter(
        OfflineQuestionRewriter offline,
        AnswerKernelProvider kernels,
        IOptions<ChatOptions> options,
        ILogger<CompositeQuestionRewriter> logger)
    {
        ArgumentNullException.ThrowIfNull(offline);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.offline = offline;
        this.kernels = kernels;
        this.options = options;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<QuestionRewrite> RewriteAsync(string question, ConversationHistory history, Indexing.CorpusIndex? index = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        if (!this.options.Value.Provider.IsLanguageModel() || history.Turns.IsEmpty)
        {
            return await this.offline.RewriteAsync(question, history, index, cancellationToken).ConfigureAwait(false);
        }

        var kernel = this.kernels.Get();
        var arguments = new KernelArguments
        {
            ["question"] = question.Trim(),
            ["history"] = RenderHistory(history),
        };
        string? rewritten;
        try
        {
            var result = await kernel.Kernel.InvokeAsync(kernel.Rewrite, arguments, cancellationToken).ConfigureAwait(false);
            rewritten = Clean(result.GetValue<string>());
        }
        catch (Exception ex) when (IsRecoverable(ex, cancellationToken))
        {
            ChatFailures.ThrowIfAuthentication(ex);
            this.LogRewriteFailed(kernel.ProviderName, ex.GetType().Name);
            rewritten = null;
        }

        if (rewritten is null || rewritten.Length > this.options.Value.MaxQuestionChars)
        {
            return await this.offline.RewriteAsync(question, history, index, cancellationToken).ConfigureAwait(false);
        }

        return new QuestionRewrite(rewritten, []);
    }

    /// <summary>The last <see cref="MaxTurns"/> turns as "User: …" / "AskBot: …" lines, citation markers removed.</summary>
    public static string RenderHistory(ConversationHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var builder = new StringBuilder();
        foreach (var turn in history.Turns.Skip(Math.Max(0, history.Turns.Count - MaxTurns)))
        {
            builder.Append("User: ").Append(OneLine(turn.Question)).Append('\n');
            var answer = OneLine(MarkerRegex().Replace(turn.Answer, string.Empty));
            if (answer.Length > MaxAnswerChars)
            {
                answer = answer[..MaxAnswerChars].TrimEnd() + "…";
            }

            builder.Append("AskBot: ").Append(answer).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }

    private static bool IsRecoverable(Exception exception, CancellationToken cancellationToken)
    {
        return ChatFailures.Find(exception) is not null || ChatFailures.IsTimeout(exception, cancellationToken);
    }

    /// <summary>The model's reply as one question: first non-empty line, without a label or surrounding quotes; null when empty.</summary>
    private static string? Clean(string? reply)
    {
        if (reply is null)
        {
            return null;
        }

        var line = reply.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return null;
        }

        line = LabelRegex().Replace(line, string.Empty).Trim().Trim('"', '“', '”', '\'').Trim();
        return line.Length == 0 ? null : line;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up rewrite with {Provider} failed ({Error}); using the offline rewriter")]
    private partial void LogRewriteFailed(string provider, string error);

    [GeneratedRegex(@"\s*\[\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^(?:standalone question|rewritten question|question|last question)\s*:\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();
}
