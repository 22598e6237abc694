using AskBot.Core.Answering.Prompting;

namespace AskBot.Core.Answering.Extractive;

/// <summary>A sentence of a prompt source, scored against the question.</summary>
/// <param name="Source">The source it comes from.</param>
/// <param name="Rank">0-based position of the source in the prompt (retrieval rank).</param>
/// <param name="Text">Verbatim sentence text.</param>
/// <param name="Terms">Its stemmed content terms.</param>
/// <param name="Coverage">How far the sentence clears the answer thresholds on its weaker side (asked terms or names); 1 or more answers.</param>
/// <param name="Score">Ranking score: coverage plus small rank and answer-type bonuses.</param>
public sealed record CandidateSentence(
    PromptSource Source,
    int Rank,
    string Text,
    IReadOnlySet<string> Terms,
    double Coverage,
    double Score);
