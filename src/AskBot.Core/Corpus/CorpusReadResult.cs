namespace AskBot.Core.Corpus;

/// <summary>The readable documents of a corpus folder (ordinal-sorted by file name) and the files that were skipped.</summary>
internal sealed record CorpusReadResult(IReadOnlyList<SourceDocument> Documents, IReadOnlyList<CorpusFileWarning> Warnings);
