using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Which embedding service produces vectors.</summary>
public enum EmbeddingProviders
{
    /// <summary>Offline ML.NET text featurization (word and character n-grams, TF-IDF).</summary>
    MlNet,
}

/// <summary>Settings of the <c>AskBot:Embeddings</c> section. Changing any of them rebuilds the cached index.</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "AskBot:Embeddings";

    [EnumDataType(typeof(EmbeddingProviders))]
    public EmbeddingProviders Provider { get; set; } = EmbeddingProviders.MlNet;

    /// <summary>Longest word n-gram of the ML.NET featurizer.</summary>
    [Range(1, 3)]
    public int WordNgramLength { get; set; } = 2;

    /// <summary>Longest character n-gram of the ML.NET featurizer.</summary>
    [Range(2, 6)]
    public int CharNgramLength { get; set; } = 4;
}
