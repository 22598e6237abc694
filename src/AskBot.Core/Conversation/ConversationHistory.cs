using System.Collections.Immutable;

namespace AskBot.Core.Conversation;

/// <summary>An immutable conversation: earlier turns, oldest first. Adapters keep one per chat, DM or thread.</summary>
public sealed record ConversationHistory(ImmutableList<ConversationTurn> Turns)
{
    /// <summary>A conversation with no turns.</summary>
    public static ConversationHistory Empty { get; } = new(ImmutableList<ConversationTurn>.Empty);

    /// <summary>This conversation with <paramref name="turn"/> appended.</summary>
    public ConversationHistory Append(ConversationTurn turn) => new(this.Turns.Add(turn));
}
