namespace AskBot.Core.Conversation;

/// <summary>Rewrites a follow-up question into one that stands alone, using the conversation so far.</summary>
internal interface IQuestionRewriter
{
    /// <summary>The standalone question (<paramref name="question"/> itself when it needs no rewrite) and how references were read.</summary>
    Task<QuestionRewrite> RewriteAsync(string question, ConversationHistory history, Indexing.CorpusIndex? index = null, CancellationToken cancellationToken = default);
}

/// <summary>A follow-up made to stand alone.</summary>
/// <param name="Standalone">The question as it stands alone.</param>
/// <param name="Resolutions">How each reference was read, e.g. <c>"he" → "Jane Doe"</c>; empty when nothing was rewritten or the rewriter does not say.</param>
internal sealed record QuestionRewrite(string Standalone, IReadOnlyList<string> Resolutions)
{
    /// <summary>A question that needed no rewrite.</summary>
    public static QuestionRewrite Unchanged(string question) => new(question, []);
}
