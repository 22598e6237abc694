namespace AskBot.Core.Answering.Extractive;

/// <summary>A number stated in a sentence, with its qualifier ("at least", "more than") as written.</summary>
/// <param name="Phrase">The verbatim phrase, e.g. "at least 137" or "between 4,000 and 6,000".</param>
/// <param name="Value">The (first) number's value, thousands separators removed.</param>
/// <param name="Start">Offset of the phrase in the sentence.</param>
/// <param name="End">End offset of the phrase in the sentence.</param>
public sealed record Figure(string Phrase, decimal Value, int Start, int End);
