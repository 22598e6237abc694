namespace AskBot.Core.Chunking;

/// <summary>Chunks kept by <see cref="NearDuplicateFilter"/> (in input order) and the ones it dropped.</summary>
internal sealed record DeduplicationResult(IReadOnlyList<Chunk> Kept, IReadOnlyList<DroppedDuplicate> Dropped);
