using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Which rankings the retriever uses.</summary>
public enum RetrievalModes
{
    /// <summary>BM25 and vector similarity fused by reciprocal rank fusion.</summary>
    Hybrid,

    /// <summary>BM25 only.</summary>
    Lexical,

    /// <summary>Vector similarity only.</summary>
    Vector,
}

/// <summary>Settings of the <c>AskBot:Retrieval</c> section.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "AskBot:Retrieval";

    [EnumDataType(typeof(RetrievalModes))]
    public RetrievalModes Mode { get; set; } = RetrievalModes.Hybrid;

    /// <summary>How many chunks are returned and shown to the answerer.</summary>
    [Range(1, 50)]
    public int TopK { get; set; } = 8;

    /// <summary>How many candidates each ranking contributes before fusion.</summary>
    [Range(1, 1000)]
    public int Candidates { get; set; } = 50;

    /// <summary>Reciprocal-rank-fusion constant k in 1/(k + rank).</summary>
    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    /// <summary>At most this many chunks of one article in the top-k (diversity across articles).</summary>
    [Range(1, 50)]
    public int MaxPerArticle { get; set; } = 2;

    /// <summary>Chunks whose normalised relevance (0..1, 1 = best of the query) is below this are not returned.</summary>
    [Range(0.0, 1.0)]
    public double MinRelevance { get; set; } = 0.05;
}
