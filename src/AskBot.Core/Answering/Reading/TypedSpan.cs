namespace AskBot.Core.Answering.Reading;

/// <summary>A piece of a sentence that is a thing of some kind: a name, a date, a quantity, an age or a place.</summary>
/// <param name="Type">What it is.</param>
/// <param name="Text">It, verbatim.</param>
/// <param name="Start">Start offset in the sentence.</param>
/// <param name="End">End offset (exclusive) in the sentence.</param>
/// <param name="Value">The number a quantity or age states; 0 otherwise.</param>
internal sealed record TypedSpan(AnswerType Type, string Text, int Start, int End, decimal Value);
