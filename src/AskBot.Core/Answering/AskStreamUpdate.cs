namespace AskBot.Core.Answering;

/// <summary>One update of a streamed answer: a raw text delta, or (last, exactly once) the final guarded result.</summary>
/// <param name="TextDelta">Raw text as the provider produced it; null in the final update.</param>
/// <param name="Result">The final result; null in every update but the last.</param>
public sealed record AskStreamUpdate(string? TextDelta, AskResult? Result);
