using AskBot.Core.Conversation;

namespace AskBot.Core.Storage;

/// <summary>
/// The turns of each conversation (a user in a channel, or a thread), so a follow-up is understood whichever process
/// receives it and after a restart. Bounded: at most a set number of recent turns per conversation, forgotten after a
/// time to live.
/// </summary>
public interface IConversationMemory
{
    /// <summary>The conversation's turns of the last <paramref name="timeToLive"/>, oldest first (empty when none).</summary>
    Task<ConversationHistory> LoadAsync(string conversationKey, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Adds a turn, keeping only the newest <paramref name="maxTurns"/> and forgetting turns older than <paramref name="timeToLive"/>.</summary>
    Task AppendAsync(string conversationKey, ConversationTurn turn, int maxTurns, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Forgets the conversation; false when there was nothing to forget.</summary>
    Task<bool> ClearAsync(string conversationKey, CancellationToken cancellationToken);
}
