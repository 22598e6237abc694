using AskBot.Core.Conversation;

namespace AskBot.Core.Answering;

/// <summary>The port every adapter (console, Discord, evaluation) talks to: a question in, a cited answer out.</summary>
public interface IAskService
{
    /// <summary>Answers <paramref name="question"/>, rewriting it first when it is a follow-up in <paramref name="history"/>.</summary>
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default);
}
