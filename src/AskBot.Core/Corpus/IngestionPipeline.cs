using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Corpus;

/// <summary>
/// Reads a corpus folder, splits files into articles, drops boilerplate, chunks articles into sentence windows and removes
/// near-duplicate chunks. Deterministic: the same folder and options always give the same chunks and ids.
/// </summary>
internal sealed partial class IngestionPipeline : IIngestionPipeline
{
    private readonly IOptions<ChunkingOptions> options;
    private readonly ILogger<IngestionPipeline> logger;
    private readonly CorpusReader reader;
    private readonly ArticleSplitter splitter = new(new BoilerplateClassifier());
    private readonly Chunker chunker = new(new SentenceSplitter());
    private readonly NearDuplicateFilter duplicateFilter = new();

    public IngestionPipeline(IOptions<ChunkingOptions> options, ILogger<IngestionPipeline> logger, CorpusFormats? formats = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.reader = new CorpusReader(formats);
        this.options = options;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<IngestionResult> IngestAsync(string corpusPath, CancellationToken cancellationToken = default)
    {
        var chunking = this.options.Value;
        var read = await this.reader.ReadAsync(corpusPath, cancellationToken).ConfigureAwait(false);
        foreach (var warning in read.Warnings)
        {
            this.LogSkippedFile(warning.FileName, warning.Reason);
        }

        if (read.Documents.Count == 0)
        {
            throw EmptyCorpusException.For(corpusPath);
        }

        var articles = new List<Article>();
        var chunks = new List<Chunk>();
        var boilerplate = 0;
        foreach (var document in read.Documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var split = this.splitter.Split(document);
            boilerplate += split.BoilerplateLinesDropped;
            articles.AddRange(split.Articles);
            foreach (var article in split.Articles)
            {
                chunks.AddRange(this.chunker.CreateChunks(document, article, chunking));
            }
        }

        var deduplicated = this.duplicateFilter.Filter(chunks, chunking.NearDuplicateThreshold);
        var statistics = new IngestionStatistics(
            read.Documents.Count,
            read.Warnings.Count,
            articles.Count,
            deduplicated.Kept.Count,
            deduplicated.Dropped.Count,
            boilerplate);
        this.LogIngested(statistics.Files, statistics.FilesSkipped, statistics.Articles, statistics.Chunks, statistics.DuplicatesDropped, statistics.BoilerplateLinesDropped);

        return new IngestionResult(
            read.Documents,
            articles,
            deduplicated.Kept,
            statistics,
            read.Warnings.Select(w => w.Message).ToList());
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Skipped corpus file {FileName}: {Reason}")]
    private partial void LogSkippedFile(string fileName, string reason);

    [LoggerMessage(
        EventId = 1002,
        Level = LogLevel.Information,
        Message = "Ingested {Files} files ({FilesSkipped} skipped): {Articles} articles, {Chunks} chunks, {DuplicatesDropped} near-duplicates and {BoilerplateLines} boilerplate lines dropped")]
    private partial void LogIngested(int files, int filesSkipped, int articles, int chunks, int duplicatesDropped, int boilerplateLines);
}
