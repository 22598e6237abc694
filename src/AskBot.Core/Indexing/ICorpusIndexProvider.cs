using AskBot.Core.Corpus;

namespace AskBot.Core.Indexing;

/// <summary>
/// Owns the corpus index: loads it from the on-disk cache when the corpus and settings are unchanged,
/// otherwise builds it (ingest, chunk, embed) and writes the cache atomically. Thread-safe; the index is
/// obtained once per process.
/// </summary>
public interface ICorpusIndexProvider
{
    /// <summary>Loads or builds the index. Later calls return the same instance.</summary>
    /// <exception cref="CorpusNotFoundException">The corpus folder does not exist.</exception>
    Task<CorpusIndexInfo> EnsureLoadedAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Builds the index from the corpus even if a valid cache exists, and rewrites the cache.</summary>
    Task<CorpusIndexInfo> RebuildAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>The source document with this id (for verbatim quotes). Requires a loaded index.</summary>
    SourceDocument GetDocument(string docId);
}
