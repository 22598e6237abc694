namespace AskBot.Core.Indexing;

/// <summary>What a <see cref="ICorpusIndexProvider.RefreshAsync"/> did.</summary>
public enum CorpusRefreshOutcome
{
    /// <summary>The corpus hashed to the served index's key: nothing was rebuilt.</summary>
    Unchanged,

    /// <summary>The corpus changed: a new index was built and now serves the next question.</summary>
    Swapped,

    /// <summary>The rebuild failed; the previous index keeps serving.</summary>
    Failed,
}

/// <summary>The result of one corpus refresh.</summary>
/// <param name="Outcome">Whether the index was kept, replaced, or the rebuild failed.</param>
/// <param name="Files">Corpus files in the index now serving.</param>
/// <param name="Chunks">Chunks in the index now serving.</param>
/// <param name="Embedded">Dense vectors the rebuild had the embedding provider compute (0 unless swapped).</param>
/// <param name="Reused">Dense vectors the rebuild took from the previous index (0 unless swapped).</param>
/// <param name="Elapsed">Time from the start of the refresh to the swap (or to finding nothing to do).</param>
/// <param name="Warnings">Files the rebuild skipped, one line each.</param>
/// <param name="Error">Why the rebuild failed, when it did.</param>
public sealed record CorpusRefresh(
    CorpusRefreshOutcome Outcome,
    int Files,
    int Chunks,
    int Embedded,
    int Reused,
    TimeSpan Elapsed,
    IReadOnlyList<string> Warnings,
    string? Error = null);
