using System.Globalization;
using System.Text.Json;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// Offline embeddings from snowflake-arctic-embed-xs run through ONNX Runtime. Nothing is fitted on the corpus and the
/// saved state is only a marker naming the model. The model loads once, and is shared by every generator this factory
/// hands out; the factory owns it and disposes it.
/// </summary>
/// <remarks>
/// Nothing is loaded until a generator is asked for: <see cref="CreateAsync"/> and <see cref="LoadAsync"/> then start
/// loading the model (and running one warm-up input) in the background, since the generator's first call follows
/// shortly. For <c>askbot ask</c> that overlaps the ~0.2 s of loading with the rest of the index's loading; a first call
/// that comes sooner waits for the load.
/// </remarks>
internal sealed partial class OnnxEmbeddingGeneratorFactory : IEmbeddingGeneratorFactory, IDisposable
{
    private readonly int threads;
    private readonly int batchSize;
    private readonly int maxTokens;
    private readonly string? cacheRoot;
    private readonly bool preload;
    private readonly ILogger logger;

    // Batches hold it for reading; Dispose takes it for writing, so the session is never disposed under a running batch.
    private readonly ReaderWriterLockSlim lifetime = new();
    private readonly object loadGate = new();
    private OnnxEmbeddingModel? model;
    private int preloading;
    private Task? preloadTask;
    private bool disposed;

    /// <summary>A factory for the <c>AskBot:Embeddings</c> settings.</summary>
    /// <param name="options">Threads, batch size and token limit.</param>
    /// <param name="logger">Receives the model's load time and cache failures.</param>
    /// <param name="cacheRoot">Folder for the optimised copy of the model (see <see cref="OptimizedModelCache"/>), or null for none.</param>
    /// <param name="preload">Whether handing out a generator starts loading the model in the background.</param>
    public OnnxEmbeddingGeneratorFactory(EmbeddingsOptions options, ILogger? logger, string? cacheRoot, bool preload = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTokens, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxTokens, ArcticXsModel.MaxTokens);
        this.threads = options.Threads;
        this.batchSize = options.BatchSize;
        this.maxTokens = options.MaxTokens;
        this.cacheRoot = cacheRoot;
        this.preload = preload;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <remarks>Computed without loading the model: it keys the index cache, which is checked first.</remarks>
    public string Fingerprint => string.Create(
        CultureInfo.InvariantCulture,
        $"{ArcticXsModel.ProviderName};model={ArcticXsModel.ModelId};package={ArcticXsModel.PackageName}/{ArcticXsModel.PackageVersion};pooling={ArcticXsModel.Pooling};norm=l2;maxTokens={this.maxTokens}");

    /// <inheritdoc />
    public string QueryPrefix => ArcticXsModel.QueryPrefix;

    /// <summary>Whether the model has been loaded (for tests and diagnostics).</summary>
    internal bool IsModelLoaded => Volatile.Read(ref this.model) is not null;

    /// <summary>The background load started by the first generator handed out (never faulted), or a completed task.</summary>
    internal Task Preloaded => Volatile.Read(ref this.preloadTask) ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task<IEmbeddingGenerator<string, Embedding<float>>> CreateAsync(IReadOnlyList<string> corpusTexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpusTexts);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(this.CreateGenerator());
    }

    /// <inheritdoc />
    public async Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(destination);
        if (generator is not OnnxEmbeddingGenerator)
        {
            throw new ArgumentException($"Cannot save a generator of type {generator.GetType().Name}.", nameof(generator));
        }

        await JsonSerializer.SerializeAsync(destination, new SavedModel(ArcticXsModel.ProviderName, ArcticXsModel.ModelId), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IEmbeddingGenerator<string, Embedding<float>>> LoadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        SavedModel? saved;
        try
        {
            saved = await JsonSerializer.DeserializeAsync<SavedModel>(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The saved ONNX embeddings marker is unreadable.", ex);
        }

        if (saved?.Provider != ArcticXsModel.ProviderName || saved.Model != ArcticXsModel.ModelId)
        {
            throw new InvalidDataException(
                $"The saved embeddings marker names {saved?.Provider ?? "no provider"} model {saved?.Model ?? "(none)"}, not {ArcticXsModel.ProviderName} model {ArcticXsModel.ModelId}.");
        }

        return this.CreateGenerator();
    }

    /// <summary>Disposes the model; generators handed out fail from then on.</summary>
    public void Dispose()
    {
        this.lifetime.EnterWriteLock();
        try
        {
            if (this.disposed)
            {
                return;
            }

            this.disposed = true;
            this.model?.Dispose();
            this.model = null;
        }
        finally
        {
            this.lifetime.ExitWriteLock();
        }
    }

    /// <summary>
    /// The model, loaded on the first call, held until the lease is disposed: <see cref="Dispose"/> waits for it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The factory has been disposed.</exception>
    internal ModelLease AcquireModel()
    {
        this.lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            return new ModelLease(this.lifetime, Volatile.Read(ref this.model) ?? this.LoadModel());
        }
        catch
        {
            this.lifetime.ExitReadLock();
            throw;
        }
    }

    private OnnxEmbeddingModel LoadModel()
    {
        lock (this.loadGate)
        {
            if (this.model is { } loaded)
            {
                return loaded;
            }

            loaded = OnnxEmbeddingModel.Load(this.threads, this.cacheRoot, this.logger);
            Volatile.Write(ref this.model, loaded);
            return loaded;
        }
    }

    private OnnxEmbeddingGenerator CreateGenerator()
    {
        if (this.preload && Volatile.Read(ref this.model) is null && Interlocked.Exchange(ref this.preloading, 1) == 0)
        {
            Volatile.Write(ref this.preloadTask, Task.Run(this.Preload));
        }

        return new OnnxEmbeddingGenerator(this, this.batchSize, this.maxTokens);
    }

    private void Preload()
    {
        try
        {
            using var lease = this.AcquireModel();
            lease.Model.WarmUp();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing waits for this: the first real call loads the model again and reports the failure.
            LogPreloadFailed(this.logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loading the embedding model in the background failed")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);

    /// <summary>What <see cref="SaveAsync"/> writes.</summary>
    private sealed record SavedModel(string Provider, string Model);

    /// <summary>The loaded model, kept from disposal until this is disposed.</summary>
    internal readonly struct ModelLease : IDisposable
    {
        private readonly ReaderWriterLockSlim lifetime;

        public ModelLease(ReaderWriterLockSlim lifetime, OnnxEmbeddingModel model)
        {
            this.lifetime = lifetime;
            this.Model = model;
        }

        /// <summary>The loaded model.</summary>
        public OnnxEmbeddingModel Model { get; }

        /// <inheritdoc />
        public void Dispose() => this.lifetime.ExitReadLock();
    }
}
