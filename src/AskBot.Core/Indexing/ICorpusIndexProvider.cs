using AskBot.Core.Corpus;

namespace AskBot.Core.Indexing;

/// <summary>
/// Owns the corpus index: loads it from the on-disk cache when the corpus and settings are unchanged,
/// otherwise builds it (ingest, chunk, embed) and writes the cache atomically. Thread-safe; the index is
/// obtained once per process and replaced only by <see cref="RefreshAsync"/> or <see cref="RebuildAsync"/>.
/// </summary>
public interface ICorpusIndexProvider
{
    /// <summary>Loads or builds the index. Later calls return the same instance.</summary>
    /// <exception cref="CorpusNotFoundException">The corpus folder does not exist.</exception>
    Task<CorpusIndexInfo> EnsureLoadedAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Builds the index from the corpus even if a valid cache exists, and rewrites the cache.</summary>
    Task<CorpusIndexInfo> RebuildAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hashes the corpus again and, when it changed, builds a new index (embedding only texts the served index does not
    /// have), writes the cache and swaps the new index in: a question already running keeps the index it started with.
    /// A failed rebuild keeps the served index and is reported as <see cref="CorpusRefreshOutcome.Failed"/>, not thrown.
    /// Refreshes run one at a time.
    /// </summary>
    Task<CorpusRefresh> RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised after <see cref="RefreshAsync"/> swapped a new index in.</summary>
    event EventHandler<CorpusRefresh>? IndexSwapped;

    /// <summary>The source document with this id (for verbatim quotes) in the index serving now. Requires a loaded index.</summary>
    SourceDocument GetDocument(string docId);
}
