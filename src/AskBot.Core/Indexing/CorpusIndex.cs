using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;
using Microsoft.Extensions.AI;

namespace AskBot.Core.Indexing;

/// <summary>
/// A loaded corpus index: chunks (position = document ordinal in both rankings), source documents, the BM25
/// index, chunk vectors (sparse for ML.NET n-grams, dense for a sentence-embedding model), the distinct sentences with
/// their dense vectors, mined aliases, per-chunk sentence term sets and the embedding generator that made the vectors.
/// Immutable.
/// </summary>
public sealed class CorpusIndex
{
    private readonly Dictionary<string, SourceDocument> documents;
    private readonly Lazy<Dictionary<string, int>> chunkOrdinals;

    public CorpusIndex(
        string contentHash,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<SourceDocument> documents,
        Bm25Index lexical,
        VectorIndex vectors,
        EmbeddingStore embeddings,
        SentenceIndex sentences,
        AliasTable aliases,
        SentenceTermCache sentenceTerms,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IngestionStatistics statistics,
        IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(sentenceTerms);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(warnings);
        var denseRows = embeddings.Dimensions == 0 ? 0 : chunks.Count + sentences.Count;
        if (lexical.DocumentCount != chunks.Count || (vectors.Count != chunks.Count && vectors.Count != 0) || sentenceTerms.Count != chunks.Count
            || sentences.ChunkCount != chunks.Count || embeddings.Rows != denseRows || (embeddings.Dimensions > 0 && embeddings.ChunkRows != chunks.Count))
        {
            throw new ArgumentException("Lexical and vector indexes, sentences and sentence terms must cover exactly the chunks.", nameof(chunks));
        }

        this.ContentHash = contentHash;
        this.Chunks = chunks;
        this.Documents = documents;
        this.documents = documents.ToDictionary(d => d.DocId, StringComparer.Ordinal);
        this.Lexical = lexical;
        this.Vectors = vectors;
        this.Embeddings = embeddings;
        this.Sentences = sentences;
        this.Aliases = aliases;
        this.Generator = generator;
        this.Statistics = statistics;
        this.Warnings = warnings;
        this.SentenceTerms = sentenceTerms;
        this.chunkOrdinals = new Lazy<Dictionary<string, int>>(
            () => chunks.Select((c, i) => (c.ChunkId, i)).ToDictionary(p => p.ChunkId, p => p.i, StringComparer.Ordinal));
    }

    /// <summary>Cache key the index was built for.</summary>
    public string ContentHash { get; }

    /// <summary>Chunks in index order.</summary>
    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>Source documents that produced the chunks.</summary>
    public IReadOnlyList<SourceDocument> Documents { get; }

    /// <summary>BM25 index over analyzed chunk terms plus alias-group terms.</summary>
    public Bm25Index Lexical { get; }

    /// <summary>Sparse chunk embeddings (ML.NET n-grams); empty when the provider's vectors are dense.</summary>
    public VectorIndex Vectors { get; }

    /// <summary>Dense vectors of the chunks (rows 0..chunks-1) and then the sentences; empty for a sparse provider.</summary>
    public EmbeddingStore Embeddings { get; }

    /// <summary>The distinct sentences of the chunks, with their neighbours.</summary>
    public SentenceIndex Sentences { get; }

    /// <summary>Dense vectors taken from the previous cache instead of embedding them again (0 when loaded or sparse).</summary>
    public int ReusedEmbeddings { get; init; }

    /// <summary>The normalised mean of every sentence vector: what the corpus as a whole is about (empty without dense vectors).</summary>
    public ReadOnlyMemory<float> SentenceCentroid => this.Embeddings.SentenceCentroid;

    /// <summary>The store row of sentence <paramref name="sentence"/>'s vector.</summary>
    public int SentenceRow(int sentence) => this.Chunks.Count + sentence;

    /// <summary>The text of sentence <paramref name="sentence"/>.</summary>
    public string SentenceText(int sentence) => this.Sentences.Span(sentence).Slice(this.Documents[this.Sentences.Document(sentence)].Text);

    /// <summary>Name variants mined from the corpus.</summary>
    public AliasTable Aliases { get; }

    /// <summary>Generator for query embeddings, fitted on this corpus.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    /// <summary>Ingestion counts.</summary>
    public IngestionStatistics Statistics { get; }

    /// <summary>Per-chunk sentence and term id sets, computed at build time (see <see cref="SentenceTermCache"/>).</summary>
    public SentenceTermCache SentenceTerms { get; }

    /// <summary>Ingestion warnings.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The position of the chunk with this id, if the index has it.</summary>
    public bool TryGetChunkOrdinal(string chunkId, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(chunkId);
        return this.chunkOrdinals.Value.TryGetValue(chunkId, out ordinal);
    }

    /// <summary>The document with this id.</summary>
    /// <exception cref="KeyNotFoundException">The index has no such document.</exception>
    public SourceDocument GetDocument(string docId) => this.TryGetDocument(docId, out var document)
        ? document
        : throw new KeyNotFoundException($"No document with id '{docId}' in the corpus index.");

    /// <summary>The document with this id, if the index has it.</summary>
    public bool TryGetDocument(string docId, out SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(docId);
        return this.documents.TryGetValue(docId, out document!);
    }
}
