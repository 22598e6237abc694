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
    TimeSpan Elapsed);
