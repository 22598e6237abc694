using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Settings of the <c>AskBot:Chunking</c> section. Changing any of them rebuilds the cached index.</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "AskBot:Chunking";

    /// <summary>Target maximum chunk length in characters; a single longer sentence becomes its own chunk.</summary>
    [Range(100, 20000)]
    public int MaxChars { get; set; } = 700;

    /// <summary>How many trailing sentences of a chunk are repeated at the start of the next one.</summary>
    [Range(0, 10)]
    public int OverlapSentences { get; set; } = 1;

    /// <summary>Jaccard similarity of word 3-gram shingles at or above which a chunk is a near-duplicate of an earlier one and is dropped.</summary>
    [Range(0.5, 1.0)]
    public double NearDuplicateThreshold { get; set; } = 0.8;
}
