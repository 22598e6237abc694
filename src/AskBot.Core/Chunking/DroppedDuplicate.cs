namespace AskBot.Core.Chunking;

/// <summary>A chunk dropped as a near-duplicate of an earlier kept chunk.</summary>
/// <param name="ChunkId">Id of the dropped chunk.</param>
/// <param name="DuplicateOfChunkId">Id of the kept chunk it repeats.</param>
/// <param name="Similarity">Jaccard similarity of their word 3-gram shingles.</param>
internal sealed record DroppedDuplicate(string ChunkId, string DuplicateOfChunkId, double Similarity);
