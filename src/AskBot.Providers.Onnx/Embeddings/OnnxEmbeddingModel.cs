using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// The loaded model: an ONNX Runtime session over snowflake-arctic-embed-xs and its tokenizer. Turns tokenized inputs
/// into L2-normalised [CLS] vectors. <see cref="Embed"/> is thread-safe; the owner must not dispose it while a call runs.
/// </summary>
internal sealed partial class OnnxEmbeddingModel : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";

    private readonly InferenceSession session;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly bool hasTokenTypeIds;

    private OnnxEmbeddingModel(InferenceSession session, WordPieceTokenizer tokenizer, ModelSource source, TimeSpan loadTime)
    {
        this.session = session;
        this.Tokenizer = tokenizer;
        this.Source = source;
        this.LoadTime = loadTime;

        var inputs = session.InputMetadata;
        foreach (var (name, metadata) in inputs)
        {
            if (name is not (InputIds or AttentionMask or TokenTypeIds))
            {
                throw new InvalidOperationException($"The model has an input '{name}' this provider does not supply.");
            }

            if (metadata.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64)
            {
                throw new InvalidOperationException($"The model's input '{name}' is {metadata.ElementDataType}, not Int64.");
            }
        }

        if (!inputs.ContainsKey(InputIds) || !inputs.ContainsKey(AttentionMask))
        {
            throw new InvalidOperationException($"The model lacks the '{InputIds}' or '{AttentionMask}' input.");
        }

        this.hasTokenTypeIds = inputs.ContainsKey(TokenTypeIds);
        this.inputNames = this.hasTokenTypeIds ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];

        // CLS pooling reads the first output: the last hidden state, [batch, sequence, 384].
        var output = session.OutputNames[0];
        var dimensions = session.OutputMetadata[output].Dimensions;
        if (dimensions.Length != 3 || dimensions[2] != ArcticXsModel.Dimensions)
        {
            throw new InvalidOperationException($"The model's output '{output}' is [{string.Join(", ", dimensions)}], not [batch, sequence, {ArcticXsModel.Dimensions}].");
        }

        this.outputNames = [output];
    }

    /// <summary>Where the session came from.</summary>
    internal enum ModelSource
    {
        /// <summary>The optimised copy in the cache folder.</summary>
        Cache,

        /// <summary>The package's resource (the optimised copy was written to the cache folder).</summary>
        ResourceCached,

        /// <summary>The package's resource (no cache folder, or writing it failed).</summary>
        Resource,
    }

    /// <summary>The model's tokenizer.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Where the session came from.</summary>
    public ModelSource Source { get; }

    /// <summary>Wall time from the start of <see cref="Load"/> to a ready session and tokenizer.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>
    /// Loads the tokenizer and, in parallel, the session: from the optimised copy in the cache folder when there is one,
    /// otherwise from the package's resource (writing the optimised copy to the cache folder).
    /// </summary>
    /// <param name="threads">Intra-op threads; 0 lets ONNX Runtime choose.</param>
    /// <param name="cacheRoot">The folder of <see cref="OptimizedModelCache"/>, or null to always load the resource.</param>
    /// <param name="logger">Receives the load time and cache failures.</param>
    public static OnnxEmbeddingModel Load(int threads, string? cacheRoot, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentNullException.ThrowIfNull(logger);
        var started = Stopwatch.GetTimestamp();

        // The vocabulary overlaps ONNX Runtime's start (loading its native library) and the session's load.
        var tokenizer = Task.Run(WordPieceTokenizer.Load);
        var environment = OrtEnv.Instance();

        // ONNX Runtime 1.31's Linux and macOS builds report usage to Microsoft (1DS) unless told not to. This stops the
        // session and inference events; only ORT_DISABLE_TELEMETRY=1 in the process's environment stops it entirely.
        environment.DisableTelemetryEvents();
        var cache = cacheRoot is null ? null : new OptimizedModelCache(cacheRoot, environment.GetVersionString());
        var (session, source) = LoadSession(threads, cache, logger);
        try
        {
            var model = new OnnxEmbeddingModel(session, tokenizer.GetAwaiter().GetResult(), source, Stopwatch.GetElapsedTime(started));
            LogLoaded(logger, ArcticXsModel.ModelId, model.LoadTime.TotalMilliseconds, source);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The unit-length [CLS] vectors of <paramref name="inputs"/>, run as one batch padded to the longest input (the
    /// padding is masked out, so each vector is what the input gives alone).
    /// </summary>
    /// <param name="inputs">Token ids from <see cref="Tokenizer"/>, each starting with [CLS] and ending with [SEP].</param>
    public float[][] Embed(IReadOnlyList<long[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var rows = inputs.Count;
        if (rows == 0)
        {
            return [];
        }

        var length = 0;
        foreach (var input in inputs)
        {
            length = Math.Max(length, input.Length);
        }

        var ids = new long[rows * length];
        var mask = new long[rows * length];
        for (var row = 0; row < rows; row++)
        {
            inputs[row].CopyTo(ids, row * length);
            mask.AsSpan(row * length, inputs[row].Length).Fill(1);
        }

        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = this.hasTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[rows * length], shape) : null;
        OrtValue[] values = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];
        using var runOptions = new RunOptions();
        using var outputs = this.session.Run(runOptions, this.inputNames, values, this.outputNames);

        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var stride = length * ArcticXsModel.Dimensions;
        var vectors = new float[rows][];
        for (var row = 0; row < rows; row++)
        {
            vectors[row] = Normalized(hidden.Slice(row * stride, ArcticXsModel.Dimensions));
        }

        return vectors;
    }

    /// <summary>
    /// Runs one short input through the model, so that the first real call does not pay for ONNX Runtime's first run
    /// (allocations, weights paged in from the mapped file) and for compiling this code path.
    /// </summary>
    public void WarmUp() => this.Embed([this.Tokenizer.Encode(ArcticXsModel.QueryPrefix, ArcticXsModel.MaxTokens, out _)]);

    /// <inheritdoc />
    public void Dispose() => this.session.Dispose();

    // Scaled to unit length. A plain loop: 384 floats take nanoseconds, and TensorPrimitives' generic code costs ~15 ms
    // of JIT on the first call even in a ReadyToRun build.
    private static float[] Normalized(ReadOnlySpan<float> values)
    {
        var vector = values.ToArray();
        var sum = 0.0;
        foreach (var value in vector)
        {
            sum += (double)value * value;
        }

        if (sum > 0)
        {
            var scale = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }
        }

        return vector;
    }

    private static (InferenceSession Session, ModelSource Source) LoadSession(int threads, OptimizedModelCache? cache, ILogger logger)
    {
        if (cache?.TryGetModelPath() is { } cachedPath)
        {
            try
            {
                // Already optimised when it was written: optimising again would find nothing to change.
                using var options = CreateOptions(threads, GraphOptimizationLevel.ORT_DISABLE_ALL);
                return (new InferenceSession(cachedPath, options), ModelSource.Cache);
            }
            catch (OnnxRuntimeException ex)
            {
                LogCacheUnreadable(logger, ex, cache.Directory);
                cache.Discard();
            }
        }

        var model = ReadModelResource();
        if (cache?.BeginWrite() is { } pending)
        {
            try
            {
                using var options = CreateOptions(threads, GraphOptimizationLevel.ORT_ENABLE_EXTENDED);
                options.OptimizedModelFilePath = pending.ModelPath;
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", OptimizedModelCache.WeightsFileName);
                options.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
                var session = new InferenceSession(model, options);
                if (!pending.Commit())
                {
                    LogCacheNotWritten(logger, null, cache.Directory);
                }

                return (session, ModelSource.ResourceCached);
            }
            catch (OnnxRuntimeException ex)
            {
                pending.Abandon();
                LogCacheNotWritten(logger, ex, cache.Directory);
            }
        }

        using var plain = CreateOptions(threads, GraphOptimizationLevel.ORT_ENABLE_EXTENDED);
        return (new InferenceSession(model, plain), ModelSource.Resource);
    }

    private static SessionOptions CreateOptions(int threads, GraphOptimizationLevel level)
    {
        var options = new SessionOptions
        {
            // EXTENDED is the highest level whose result is portable; ALL only adds NCHWc layouts for convolutions.
            GraphOptimizationLevel = level,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }

        // Pre-packing copies every weight matrix into a blocked layout at load: from the cached copy, 0.34 s instead of
        // 0.11 s (page faults on ~90 MB of fresh memory), for ~10 % more throughput on one thread and none measurable on
        // two. Start-up wins: a query process embeds one text.
        options.AddSessionConfigEntry("session.disable_prepacking", "1");

        // Spinning workers wait for the next task by busy-looping. With other processes on the same two cores that
        // halved throughput here (2 threads, batch 8: 29–40 passages/s spinning, 53–103/s not), and in a query process
        // they take a core from the rest of the answer.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        return options;
    }

    private static byte[] ReadModelResource()
    {
        using var stream = ArcticXsModel.OpenResource(ArcticXsModel.ModelResource);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)stream.Length));
        stream.ReadExactly(bytes);
        return bytes;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loaded {Model} in {ElapsedMs:F0} ms from {Source}")]
    private static partial void LogLoaded(ILogger logger, string model, double elapsedMs, ModelSource source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The optimised model in {Folder} could not be loaded; loading the embedded model instead")]
    private static partial void LogCacheUnreadable(ILogger logger, Exception exception, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The optimised model could not be written to {Folder}; the next start will load the embedded model again")]
    private static partial void LogCacheNotWritten(ILogger logger, Exception? exception, string folder);
}
