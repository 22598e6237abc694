namespace AskBot.Core.Conversation;

/// <summary>One question and its answer in a conversation.</summary>
public sealed record ConversationTurn(string Question, string StandaloneQuestion, string Answer, bool Refused);
