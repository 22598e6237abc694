using System.Collections.Concurrent;
using AskBot.Core.Indexing;

namespace AskBot.Core.Embeddings;

/// <summary>
/// Embeds a question for search with the index's own generator, with the provider's query prefix in front, and keeps
/// the last few vectors: retrieval and the reader both need the vector of the same question within one answer.
/// Thread-safe.
/// </summary>
internal sealed class QueryEmbedder
{
    private const int MaxRemembered = 32;

    private readonly IEmbeddingGeneratorFactory factory;
    private readonly ConcurrentDictionary<(string Index, string Question), float[]> remembered = new();

    public QueryEmbedder(IEmbeddingGeneratorFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        this.factory = factory;
    }

    /// <summary>
    /// The unit-length vector of <paramref name="question"/> in the space of <paramref name="index"/>'s dense vectors, or
    /// null when the index has none (a sparse provider, or an empty corpus).
    /// </summary>
    public async Task<float[]?> EmbedAsync(CorpusIndex index, string question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(question);
        if (index.Embeddings.Dimensions == 0 || index.Generator is ISparseEmbeddingGenerator)
        {
            return null;
        }

        var key = (index.ContentHash, question);
        if (this.remembered.TryGetValue(key, out var known))
        {
            return known;
        }

        var embeddings = await index.Generator.GenerateAsync([this.factory.QueryPrefix + question], cancellationToken: cancellationToken).ConfigureAwait(false);
        var vector = embeddings[0].Vector.ToArray();
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        if (vector.Length != index.Embeddings.Dimensions)
        {
            return null;
        }

        if (this.remembered.Count >= MaxRemembered)
        {
            this.remembered.Clear();
        }

        this.remembered[key] = vector;
        return vector;
    }
}
