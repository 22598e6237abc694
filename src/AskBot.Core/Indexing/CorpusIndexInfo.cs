using AskBot.Core.Corpus;

namespace AskBot.Core.Indexing;

/// <summary>What the index holds and how it was obtained.</summary>
/// <param name="Statistics">Ingestion counts.</param>
/// <param name="Warnings">Files skipped during ingestion, one line each.</param>
/// <param name="ContentHash">Hash of corpus bytes plus chunking/embedding settings; the cache key.</param>
/// <param name="LoadedFromCache">True when the index was read from disk rather than built.</param>
/// <param name="Elapsed">Time to build or load.</param>
public sealed record CorpusIndexInfo(
    IngestionStatistics Statistics,
    IReadOnlyList<string> Warnings,
    string ContentHash,
    bool LoadedFromCache,
    TimeSpan Elapsed)
{
    /// <summary>Dense vectors of the index (none for a sparse provider).</summary>
    public EmbeddingStatistics Embeddings { get; init; } = new(0, 0, 0, 0);

    /// <summary>Files indexed per format (<c>txt</c>, <c>html</c>, <c>md</c>, <c>pdf</c>), in name order.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Formats { get; init; } = [];

    /// <summary>Why a freshly built index could not be saved to the cache, or null when it was saved (or loaded from it).</summary>
    public string? CacheWriteError { get; init; }
}

/// <summary>Counts of the files of an index by format.</summary>
internal static class FormatCounts
{
    /// <summary>Files of <paramref name="index"/> per format, in format-name order.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> Of(CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return [.. index.Documents
            .GroupBy(d => d.Format, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))];
    }
}

/// <summary>Counts of the dense vectors of an index.</summary>
/// <param name="Chunks">Chunk vectors.</param>
/// <param name="Sentences">Sentence vectors.</param>
/// <param name="Reused">Vectors taken from the previous cache in this build, not embedded again (0 when loaded).</param>
/// <param name="Truncated">Texts longer than the model's limit, embedded truncated.</param>
public sealed record EmbeddingStatistics(int Chunks, int Sentences, int Reused, int Truncated)
{
    /// <summary>Statistics of <paramref name="index"/>.</summary>
    public static EmbeddingStatistics Of(CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var dense = index.Embeddings.Dimensions > 0;
        return new EmbeddingStatistics(
            dense ? index.Chunks.Count : 0,
            dense ? index.Sentences.Count : 0,
            index.ReusedEmbeddings,
            index.Embeddings.TruncatedInputs);
    }
}
