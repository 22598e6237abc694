namespace AskBot.Core.Corpus;

/// <summary>Reads a corpus folder and turns it into articles and de-duplicated chunks.</summary>
internal interface IIngestionPipeline
{
    /// <summary>Reads every <c>*.txt</c> in <paramref name="corpusPath"/> (sorted by name). Bad files are skipped with a warning.</summary>
    /// <exception cref="CorpusNotFoundException">The folder does not exist.</exception>
    /// <exception cref="EmptyCorpusException">No file of the folder could be read.</exception>
    Task<IngestionResult> IngestAsync(string corpusPath, CancellationToken cancellationToken = default);
}
