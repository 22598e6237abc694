using AskBot.Core.Retrieval;

namespace AskBot.Core.Embeddings;

/// <summary>
/// An embedding generator whose vectors are naturally sparse (n-gram features). The index and the retriever use this
/// path when the generator offers it: going through <c>Embedding&lt;float&gt;</c> would materialise a dense array as wide
/// as the whole feature space (hundreds of thousands of floats) for every chunk and every query, only to drop the zeros.
/// </summary>
internal interface ISparseEmbeddingGenerator
{
    /// <summary>The same vectors <c>GenerateAsync</c> gives, with only their non-zero entries, in input order.</summary>
    IReadOnlyList<SparseVector> GenerateSparse(IReadOnlyList<string> values, CancellationToken cancellationToken = default);
}
