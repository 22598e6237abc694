using AskBot.Core.Chunking;

namespace AskBot.Core.Corpus;

/// <summary>Counts reported by <c>askbot index</c>.</summary>
public sealed record IngestionStatistics(
    int Files,
    int FilesSkipped,
    int Articles,
    int Chunks,
    int DuplicatesDropped,
    int BoilerplateLinesDropped);

/// <summary>Everything ingestion produced from a corpus folder: documents, articles, de-duplicated chunks, and warnings for skipped files.</summary>
internal sealed record IngestionResult(
    IReadOnlyList<SourceDocument> Documents,
    IReadOnlyList<Article> Articles,
    IReadOnlyList<Chunk> Chunks,
    IngestionStatistics Statistics,
    IReadOnlyList<string> Warnings);
