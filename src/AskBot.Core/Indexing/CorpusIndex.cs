using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using Microsoft.Extensions.AI;

namespace AskBot.Core.Indexing;

/// <summary>
/// A loaded corpus index: chunks (position = document ordinal in both rankings), source documents, the BM25
/// index, sparse chunk vectors, mined aliases, per-chunk sentence term sets and the embedding generator that made the vectors. Immutable.
/// </summary>
public sealed class CorpusIndex
{
    private readonly Dictionary<string, SourceDocument> documents;

    public CorpusIndex(
        string contentHash,
        IReadOnlyList<Chunk> chunks,
        IReadOnlyList<SourceDocument> documents,
        Bm25Index lexical,
        VectorIndex vectors,
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
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(sentenceTerms);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(warnings);
        if (lexical.DocumentCount != chunks.Count || vectors.Count != chunks.Count || sentenceTerms.Count != chunks.Count)
        {
            throw new ArgumentException("Lexical and vector indexes and sentence terms must cover exactly the chunks.", nameof(chunks));
        }

        this.ContentHash = contentHash;
        this.Chunks = chunks;
        this.Documents = documents;
        this.documents = documents.ToDictionary(d => d.DocId, StringComparer.Ordinal);
        this.Lexical = lexical;
        this.Vectors = vectors;
        this.Aliases = aliases;
        this.Generator = generator;
        this.Statistics = statistics;
        this.Warnings = warnings;
        this.SentenceTerms = sentenceTerms;
    }

    /// <summary>Cache key the index was built for.</summary>
    public string ContentHash { get; }

    /// <summary>Chunks in index order.</summary>
    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>Source documents that produced the chunks.</summary>
    public IReadOnlyList<SourceDocument> Documents { get; }

    /// <summary>BM25 index over analyzed chunk terms plus alias-group terms.</summary>
    public Bm25Index Lexical { get; }

    /// <summary>Sparse chunk embeddings.</summary>
    public VectorIndex Vectors { get; }

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

    /// <summary>The document with this id, if the index has it.</summary>
    public bool TryGetDocument(string docId, out SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(docId);
        return this.documents.TryGetValue(docId, out document!);
    }
}
