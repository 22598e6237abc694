using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>A chunk returned by retrieval, in rank order.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">Fused relevance normalised to 0..1 (1 = best chunk for this query).</param>
/// <param name="LexicalScore">Raw BM25 score (0 when the chunk was not a lexical candidate).</param>
/// <param name="VectorScore">Cosine similarity to the query (0 when not a vector candidate).</param>
public sealed record RetrievedChunk(Chunk Chunk, double Score, double LexicalScore, double VectorScore)
{
    /// <summary>The chunk's span in UTF-8 bytes and code points of its file text; null until the answer is finished.</summary>
    public SpanOffsets? Offsets { get; init; }
}
