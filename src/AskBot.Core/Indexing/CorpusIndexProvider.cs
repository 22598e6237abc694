using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Telemetry;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Indexing;

/// <summary>
/// Loads the corpus index from the on-disk cache when the corpus bytes and settings hash to the cached key,
/// otherwise ingests, indexes and embeds the corpus and rewrites the cache atomically. A damaged or outdated
/// cache is rebuilt with a warning. The index is obtained once per process and replaced whole by a refresh or rebuild
/// (a reference swap: a question holding the previous index finishes on it); all members are thread-safe.
/// </summary>
internal sealed partial class CorpusIndexProvider : ICorpusIndexProvider, ICorpusIndexSource, IDisposable
{
    /// <summary>
    /// Bump when the cache layout or anything that changes indexed terms (analyzer, alias mining) changes. 2: inverted
    /// vector index. 3: streamed payload, checksum and length patched into the header after writing. 4: per-chunk
    /// sentence term ids computed at build time (<see cref="Retrieval.SentenceTermCache"/>). 5: dense vectors of chunks and
    /// sentences keyed by text (<see cref="EmbeddingStore"/>) first in the payload, and the sentence index. 6: files of other
    /// formats than text (the converted text and its pages are stored, since the file's bytes are not the text).
    /// </summary>
    public const int FormatVersion = 8;

    /// <summary>File name of the cache inside <see cref="CorpusOptions.IndexCachePath"/>.</summary>
    public const string CacheFileName = "index.bin";

    /// <summary>
    /// File name, beside the cache, of the vectors an unfinished build had embedded so far: the next build takes them, so
    /// an interrupted embedding of a large corpus continues where it stopped. Deleted once a cache is written.
    /// </summary>
    public const string PartialEmbeddingsFileName = "embeddings.partial";

    private readonly CorpusOptions corpusOptions;
    private readonly ChunkingOptions chunkingOptions;
    private readonly EmbeddingsOptions embeddingsOptions;
    private readonly IIngestionPipeline ingestion;
    private readonly IEmbeddingGeneratorFactory generatorFactory;
    private readonly CorpusIndexBuilder builder;
    private readonly ILogger<CorpusIndexProvider> logger;
    private readonly TimeProvider timeProvider;
    private readonly CorpusFormats formats;
    private readonly AskBotTelemetry? telemetry;
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Loaded? current;

    public CorpusIndexProvider(
        IOptions<CorpusOptions> corpusOptions,
        IOptions<ChunkingOptions> chunkingOptions,
        IOptions<EmbeddingsOptions> embeddingsOptions,
        IIngestionPipeline ingestion,
        IEmbeddingGeneratorFactory generatorFactory,
        TermAnalyzer analyzer,
        ILogger<CorpusIndexProvider> logger,
        TimeProvider? timeProvider = null,
        AskBotTelemetry? telemetry = null,
        CorpusFormats? formats = null)
    {
        ArgumentNullException.ThrowIfNull(corpusOptions);
        ArgumentNullException.ThrowIfNull(chunkingOptions);
        ArgumentNullException.ThrowIfNull(embeddingsOptions);
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(logger);
        this.corpusOptions = corpusOptions.Value;
        this.chunkingOptions = chunkingOptions.Value;
        this.embeddingsOptions = embeddingsOptions.Value;
        this.ingestion = ingestion;
        this.generatorFactory = generatorFactory;
        this.builder = new CorpusIndexBuilder(analyzer, generatorFactory);
        this.logger = logger;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.telemetry = telemetry;
        this.formats = formats ?? CorpusFormats.TextOnly;
    }

    /// <inheritdoc />
    public event EventHandler<CorpusRefresh>? IndexSwapped;

    // What is embedded (CorpusIndexBuilder.EmbeddingTexts) is part of what the vectors mean.
    private string EmbeddingFingerprint => $"{this.embeddingsOptions.Provider};{this.generatorFactory.Fingerprint};texts={CorpusIndexBuilder.EmbeddingTextsVersion}";

    /// <summary>Full path of the cache file.</summary>
    public string CacheFilePath => Path.GetFullPath(Path.Combine(this.corpusOptions.IndexCachePath, CacheFileName));

    /// <inheritdoc />
    public async Task<CorpusIndexInfo> EnsureLoadedAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (this.current is { } loaded)
        {
            return loaded.Info;
        }

        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.current is { } raced)
            {
                return raced.Info;
            }

            var result = await this.LoadOrBuildAsync(forceBuild: false, progress, cancellationToken).ConfigureAwait(false);
            this.current = result;
            return result.Info;
        }
        finally
        {
            this.gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<CorpusIndexInfo> RebuildAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The previous index may still serve in-flight queries, so it is replaced but not disposed.
            var result = await this.LoadOrBuildAsync(forceBuild: true, progress, cancellationToken).ConfigureAwait(false);
            this.current = result;
            return result.Info;
        }
        finally
        {
            this.gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<CorpusRefresh> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        CorpusRefresh refresh;
        var started = this.timeProvider.GetTimestamp();
        try
        {
            refresh = await this.RefreshLockedAsync(started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever broke the rebuild (a corpus emptied or removed, a provider down, a full disk), the index already
            // serving is still whole: keep answering from it and try again on the next change.
            var served = this.current;
            refresh = new CorpusRefresh(
                CorpusRefreshOutcome.Failed,
                served?.Index.Statistics.Files ?? 0,
                served?.Index.Chunks.Count ?? 0,
                0,
                0,
                this.timeProvider.GetElapsedTime(started),
                [],
                ex.Message);
            this.LogRefreshFailed(ex, ex.Message);
        }
        finally
        {
            this.gate.Release();
        }

        this.telemetry?.RecordCorpusReload(refresh.Outcome, refresh.Elapsed);
        if (refresh.Outcome == CorpusRefreshOutcome.Swapped)
        {
            this.IndexSwapped?.Invoke(this, refresh);
        }

        return refresh;
    }

    /// <inheritdoc />
    public async Task<CorpusIndex> GetIndexAsync(CancellationToken cancellationToken = default)
    {
        await this.EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
        return this.current!.Index;
    }

    /// <inheritdoc />
    public SourceDocument GetDocument(string docId)
    {
        ArgumentNullException.ThrowIfNull(docId);
        var loaded = this.current ?? throw new InvalidOperationException("The corpus index is not loaded; call EnsureLoadedAsync first.");
        return loaded.Index.TryGetDocument(docId, out var document)
            ? document
            : throw new KeyNotFoundException($"No document with id '{docId}' in the corpus index.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        this.current?.Index.Generator.Dispose();
        this.gate.Dispose();
    }

    private async Task<CorpusRefresh> RefreshLockedAsync(long started, CancellationToken cancellationToken)
    {
        var served = this.current;
        if (served is null)
        {
            // Nothing serves yet: the first load is the refresh.
            var first = await this.LoadOrBuildAsync(forceBuild: false, null, cancellationToken).ConfigureAwait(false);
            this.current = first;
            return Refreshed(CorpusRefreshOutcome.Swapped, first.Index, this.timeProvider.GetElapsedTime(started));
        }

        var (hash, _) = await CorpusContentHasher.ComputeAsync(
            this.corpusOptions.Path, FormatVersion, this.chunkingOptions, this.EmbeddingFingerprint, this.formats, cancellationToken).ConfigureAwait(false);
        if (string.Equals(hash, served.Info.ContentHash, StringComparison.Ordinal))
        {
            return new CorpusRefresh(
                CorpusRefreshOutcome.Unchanged,
                served.Index.Statistics.Files,
                served.Index.Chunks.Count,
                0,
                0,
                this.timeProvider.GetElapsedTime(started),
                served.Index.Warnings);
        }

        // The served index's vectors are the previous build's: only texts it does not have go to the embedding provider.
        var rebuilt = await this.BuildAsync(hash, served.Index.Embeddings, started, null, cancellationToken).ConfigureAwait(false);

        // A reference swap: a question that took the previous index keeps it to the end; the next one takes this one.
        // The previous index is left to the garbage collector, not disposed, for the same reason.
        this.current = rebuilt;
        var refresh = Refreshed(CorpusRefreshOutcome.Swapped, rebuilt.Index, this.timeProvider.GetElapsedTime(started));
        this.LogSwapped(hash[..12], refresh.Files, refresh.Chunks, refresh.Embedded, refresh.Reused, refresh.Elapsed.TotalMilliseconds);
        return refresh;
    }

    private static CorpusRefresh Refreshed(CorpusRefreshOutcome outcome, CorpusIndex index, TimeSpan elapsed)
    {
        // A sparse provider refits on the whole corpus, so each of its chunk vectors is computed again.
        var dense = index.Embeddings.Dimensions > 0;
        var embedded = dense ? index.Embeddings.Rows - index.ReusedEmbeddings : index.Vectors.Count;
        return new CorpusRefresh(outcome, index.Statistics.Files, index.Chunks.Count, embedded, dense ? index.ReusedEmbeddings : 0, elapsed, index.Warnings);
    }

    private async Task<Loaded> LoadOrBuildAsync(bool forceBuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var started = this.timeProvider.GetTimestamp();
        progress?.Report(new IndexProgress("reading", 0, 0));
        var (hash, cached) = await this.HashAndTryLoadAsync(forceBuild, progress, cancellationToken).ConfigureAwait(false);
        if (cached is { Statistics.Files: 0 })
        {
            // Written before an empty corpus was an error: serving it would answer every question with a refusal.
            throw EmptyCorpusException.For(this.corpusOptions.Path);
        }

        if (cached is not null)
        {
            var elapsed = this.timeProvider.GetElapsedTime(started);
            this.logger.LogInformation(
                "Loaded corpus index {ContentHash} from cache: {Chunks} chunks in {ElapsedMs:F0} ms",
                hash[..12],
                cached.Chunks.Count,
                elapsed.TotalMilliseconds);
            return new Loaded(cached, new CorpusIndexInfo(cached.Statistics, cached.Warnings, hash, true, elapsed) { Embeddings = EmbeddingStatistics.Of(cached), Formats = FormatCounts.Of(cached) });
        }

        // Vectors of texts that did not change are taken from the cache being replaced, so an edit re-embeds only what it touched.
        var previous = await CorpusIndexSerializer.TryReadEmbeddingsAsync(this.CacheFilePath, FormatVersion, cancellationToken).ConfigureAwait(false);
        return await this.BuildAsync(hash, previous, started, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Texts embedded between two checkpoints of an unfinished build (see <see cref="PartialEmbeddingsFileName"/>).</summary>
    internal int CheckpointEveryTexts
    {
        get => this.builder.CheckpointEveryTexts;
        init => this.builder.CheckpointEveryTexts = value;
    }

    private string PartialEmbeddingsPath => Path.Combine(Path.GetDirectoryName(this.CacheFilePath)!, PartialEmbeddingsFileName);

    private async Task<Loaded> BuildAsync(
        string hash, EmbeddingStore? previous, long started, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var partial = await this.TryReadPartialEmbeddingsAsync(cancellationToken).ConfigureAwait(false);
        if (partial is not null)
        {
            this.logger.LogInformation("Resuming: {Vectors} vectors embedded by an unfinished build are reused", partial.Rows);
            previous = EmbeddingStore.Combine(previous, partial);
        }

        // Ingestion reads the files again; a file edited in between only means the next start (or refresh) rebuilds.
        var ingested = await this.ingestion.IngestAsync(this.corpusOptions.Path, cancellationToken).ConfigureAwait(false);
        progress?.Report(new IndexProgress("reading", ingested.Statistics.Files, ingested.Statistics.Files));
        progress?.Report(new IndexProgress("chunking", ingested.Chunks.Count, ingested.Chunks.Count));
        var index = await this.builder.BuildAsync(ingested, hash, this.EmbeddingFingerprint, previous, progress, this.WritePartialEmbeddingsAsync, cancellationToken).ConfigureAwait(false);

        progress?.Report(new IndexProgress("saving", 0, 1));
        var cacheError = await this.TryWriteCacheAsync(index, cancellationToken).ConfigureAwait(false);
        if (cacheError is null)
        {
            TryDelete(this.PartialEmbeddingsPath);
        }

        progress?.Report(new IndexProgress("saving", 1, 1));

        var buildTime = this.timeProvider.GetElapsedTime(started);
        this.logger.LogInformation(
            "Built corpus index {ContentHash}: {Files} files, {Chunks} chunks, {AliasGroups} alias groups in {ElapsedMs:F0} ms",
            hash[..12],
            index.Statistics.Files,
            index.Chunks.Count,
            index.Aliases.Count,
            buildTime.TotalMilliseconds);
        return new Loaded(
            index,
            new CorpusIndexInfo(index.Statistics, index.Warnings, hash, false, buildTime) { Embeddings = EmbeddingStatistics.Of(index), Formats = FormatCounts.Of(index), CacheWriteError = cacheError });
    }

    // A method of its own so the corpus bytes read for hashing are garbage before a build starts: as locals of the
    // caller's state machine they stayed reachable through the whole build (hundreds of MB at 100k articles).
    private async Task<(string Hash, CorpusIndex? Cached)> HashAndTryLoadAsync(
        bool forceBuild, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var (hash, files) = await CorpusContentHasher.ComputeAsync(
            this.corpusOptions.Path, FormatVersion, this.chunkingOptions, this.EmbeddingFingerprint, this.formats, cancellationToken).ConfigureAwait(false);
        var cached = forceBuild ? null : await this.TryLoadCacheAsync(hash, files, progress, cancellationToken).ConfigureAwait(false);
        return (hash, cached);
    }

    private async Task<CorpusIndex?> TryLoadCacheAsync(
        string hash,
        IReadOnlyList<CorpusFile> files,
        IProgress<IndexProgress>? progress,
        CancellationToken cancellationToken)
    {
        var path = this.CacheFilePath;
        if (!File.Exists(path))
        {
            this.logger.LogInformation("No index cache at {CachePath}; building", path);
            return null;
        }

        progress?.Report(new IndexProgress("loading", 0, 1));
        try
        {
            var (index, staleReason) = await CorpusIndexSerializer.ReadAsync(
                path, FormatVersion, hash, files, this.generatorFactory, cancellationToken).ConfigureAwait(false);
            if (index is null)
            {
                this.logger.LogWarning("Index cache {CachePath} is out of date ({Reason}); rebuilding", path, staleReason);
                return null;
            }

            progress?.Report(new IndexProgress("loading", 1, 1));
            return index;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or UnauthorizedAccessException or FormatException)
        {
            this.logger.LogWarning(ex, "Index cache {CachePath} is unreadable ({Error}); rebuilding", path, ex.Message);
            return null;
        }
    }

    /// <returns>Null when the cache was written, otherwise why not.</returns>
    private async Task<string?> TryWriteCacheAsync(CorpusIndex index, CancellationToken cancellationToken)
    {
        var path = this.CacheFilePath;
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $"{CacheFileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            // Unbuffered: the serializer passes the payload on in 1 MB blocks already.
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            await using (stream.ConfigureAwait(false))
            {
                await CorpusIndexSerializer.WriteAsync(stream, index, FormatVersion, this.generatorFactory, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            // Readers see either the old file or the complete new one, never a partial write.
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The index in memory is fine; only the next start pays for another build.
            this.logger.LogWarning(ex, "Could not write index cache {CachePath}", path);
            return ex.Message;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    // Each checkpoint appends the rows embedded since the one before as a segment of its own, so checkpointing costs the
    // same at the end of a large build as at its start. A build killed mid-append leaves a torn last segment, which the
    // reader drops (it keeps the segments before it).
    private async Task WritePartialEmbeddingsAsync(EmbeddingStore embedded, CancellationToken cancellationToken)
    {
        var path = this.PartialEmbeddingsPath;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
            await using (stream.ConfigureAwait(false))
            {
                using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    embedded.Write(writer);
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            this.logger.LogInformation("Checkpointed {Vectors} embedded vectors to {Path}", embedded.Rows, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only resuming is lost; the build goes on.
            this.logger.LogWarning("Could not checkpoint embeddings to {Path}: {Error}", path, ex.Message);
        }
    }

    private async Task<EmbeddingStore?> TryReadPartialEmbeddingsAsync(CancellationToken cancellationToken)
    {
        var path = this.PartialEmbeddingsPath;
        if (!File.Exists(path))
        {
            return null;
        }

        var segments = new List<EmbeddingStore?>();
        long readable = 0;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new BinaryReader(stream);
                while (stream.Position < stream.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var segment = EmbeddingStore.Read(reader);
                    if (!string.Equals(segment.Fingerprint, this.EmbeddingFingerprint, StringComparison.Ordinal))
                    {
                        // Made by other embedding settings: nothing in it can be reused, and this build's segments follow.
                        TryDelete(path);
                        return null;
                    }

                    segments.Add(segment);
                    readable = stream.Position;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or EndOfStreamException)
        {
            this.logger.LogWarning(
                "Embedding checkpoint {Path} is unreadable after {Segments} segments ({Error}); resuming from those", path, segments.Count, ex.Message);

            // This build appends after the readable segments, not after the torn one (which would hide them).
            TryTruncate(path, readable);
        }

        return EmbeddingStore.Combine(segments);
    }

    private static void TryTruncate(string path, long length)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.SetLength(length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp file is harmless and is never read.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corpus changed: swapped in index {ContentHash} with {Files} files, {Chunks} chunks ({Embedded} vectors embedded, {Reused} reused) in {ElapsedMs:F0} ms")]
    private partial void LogSwapped(string contentHash, int files, int chunks, int embedded, int reused, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The changed corpus could not be indexed ({Error}); still answering from the previous index")]
    private partial void LogRefreshFailed(Exception exception, string error);

    private sealed record Loaded(CorpusIndex Index, CorpusIndexInfo Info);
}
