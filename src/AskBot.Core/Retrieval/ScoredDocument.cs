namespace AskBot.Core.Retrieval;

/// <summary>A document ordinal with a ranking score.</summary>
/// <param name="Document">Position of the chunk in the index.</param>
/// <param name="Score">Score of the ranking that produced it (BM25, cosine or fused).</param>
public readonly record struct ScoredDocument(int Document, double Score);
