using AskBot.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// snowflake-arctic-embed-xs embeddings: 384 floats of unit length per input, [CLS]-pooled. Inputs longer than
/// <c>MaxTokens</c> are truncated (keeping [CLS] … [SEP]) and counted in
/// <see cref="EmbeddingMetadata.TruncatedInputs"/>. The query prefix is the caller's business. Thread-safe; disposing
/// it leaves the model, which its factory owns, to the other generators.
/// </summary>
internal sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    // Inputs tokenized, then ordered by length, per this many batches: similar lengths waste little on padding, and a
    // call with a huge list never holds all of its token ids at once.
    private const int BatchesPerWindow = 32;

    private static readonly EmbeddingGeneratorMetadata Metadata = new(
        ArcticXsModel.ProviderName, providerUri: null, defaultModelId: ArcticXsModel.ModelId, defaultModelDimensions: ArcticXsModel.Dimensions);

    private readonly OnnxEmbeddingGeneratorFactory owner;
    private readonly int batchSize;
    private readonly int maxTokens;
    private volatile bool disposed;

    public OnnxEmbeddingGenerator(OnnxEmbeddingGeneratorFactory owner, int batchSize, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTokens, ArcticXsModel.MaxTokens);
        this.owner = owner;
        this.batchSize = batchSize;
        this.maxTokens = maxTokens;
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(this.disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = new float[texts.Count][];
        var truncated = new bool[texts.Count];
        long truncatedCount = 0;
        long tokenCount = 0;
        var window = this.batchSize * BatchesPerWindow;
        for (var start = 0; start < texts.Count; start += window)
        {
            var end = Math.Min(texts.Count, start + window);
            cancellationToken.ThrowIfCancellationRequested();
            WordPieceTokenizer tokenizer;
            using (var lease = this.owner.AcquireModel())
            {
                tokenizer = lease.Model.Tokenizer;
            }

            var ids = new long[end - start][];
            for (var i = start; i < end; i++)
            {
                ids[i - start] = tokenizer.Encode(texts[i], this.maxTokens, out truncated[i]);
                tokenCount += ids[i - start].Length;
                truncatedCount += truncated[i] ? 1 : 0;
            }

            var order = Enumerable.Range(start, end - start).OrderBy(i => ids[i - start].Length).ToArray();
            for (var first = 0; first < order.Length; first += this.batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(first, Math.Min(this.batchSize, order.Length - first)).ToArray();
                var batchIds = Array.ConvertAll(batch, i => ids[i - start]);
                float[][] batchVectors;
                using (var lease = this.owner.AcquireModel())
                {
                    batchVectors = lease.Model.Embed(batchIds);
                }

                for (var b = 0; b < batch.Length; b++)
                {
                    vectors[batch[b]] = batchVectors[b];
                }
            }
        }

        var createdAt = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count)
        {
            Usage = new UsageDetails { InputTokenCount = tokenCount, TotalTokenCount = tokenCount },
            AdditionalProperties = new AdditionalPropertiesDictionary { [EmbeddingMetadata.TruncatedInputs] = truncatedCount },
        };
        for (var i = 0; i < texts.Count; i++)
        {
            var embedding = new Embedding<float>(vectors[i]) { ModelId = ArcticXsModel.ModelId, CreatedAt = createdAt };
            if (truncated[i])
            {
                embedding.AdditionalProperties = new AdditionalPropertiesDictionary { [EmbeddingMetadata.Truncated] = true };
            }

            result.Add(embedding);
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return Metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Makes this generator unusable; the shared model stays loaded for the factory's other generators.</summary>
    public void Dispose() => this.disposed = true;
}
