namespace AskBot.Core.Answering.Citations;

/// <summary>A piece of answer text followed by the citation numbers that back it.</summary>
/// <param name="Text">The claim text without its markers.</param>
/// <param name="Numbers">Cited source numbers, in the order written (empty for uncited text).</param>
/// <param name="Trailing">Punctuation and whitespace written after the markers, kept when re-rendering.</param>
internal sealed record AnswerClaim(string Text, IReadOnlyList<int> Numbers, string Trailing);
