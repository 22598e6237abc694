using System.Runtime.CompilerServices;
using AskBot.Core.Conversation;

namespace AskBot.Core.Answering;

/// <summary>The port every adapter (console, Discord, evaluation) talks to: a question in, a cited answer out.</summary>
public interface IAskService
{
    /// <summary>Answers <paramref name="question"/>, rewriting it first when it is a follow-up in <paramref name="history"/>.</summary>
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    /// <exception cref="ChatProviderAuthenticationException">The configured LLM refused the credentials (never hidden by the fallback).</exception>
    Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers like <see cref="AskAsync"/>, yielding the provider's raw text deltas as they arrive, then exactly
    /// one final update with the guarded <see cref="AskResult"/> (whose answer may differ from the streamed text:
    /// the grounding guard may have dropped sentences, and a failed provider is replaced by the extractive answer).
    /// A refusal without a model call yields only the final update. The default implementation streams nothing
    /// and yields the result of <see cref="AskAsync"/>.
    /// </summary>
    /// <exception cref="InvalidQuestionException">The question is empty or too long.</exception>
    /// <exception cref="ChatProviderAuthenticationException">The configured LLM refused the credentials.</exception>
    async IAsyncEnumerable<AskStreamUpdate> AskStreamingAsync(
        string question,
        ConversationHistory? history = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var result = await this.AskAsync(question, history, cancellationToken).ConfigureAwait(false);
        yield return new AskStreamUpdate(null, result);
    }
}
