namespace AskBot.Core.Conversation;

/// <summary>Rewrites a follow-up question into one that stands alone, using the conversation so far.</summary>
public interface IQuestionRewriter
{
    /// <summary>The standalone question; <paramref name="question"/> itself when it needs no rewrite.</summary>
    Task<string> RewriteAsync(string question, ConversationHistory history, CancellationToken cancellationToken = default);
}
