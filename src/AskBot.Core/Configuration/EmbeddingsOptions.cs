using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Which embedding service produces vectors.</summary>
public enum EmbeddingProviders
{
    /// <summary>Offline ML.NET text featurization (word and character n-grams, TF-IDF).</summary>
    MlNet,

    /// <summary>OpenAI's embeddings API.</summary>
    OpenAI,

    /// <summary>Any OpenAI-compatible embeddings endpoint at <see cref="EmbeddingsOptions.Endpoint"/>.</summary>
    OpenAICompatible,

    /// <summary>Ollama's OpenAI-compatible /v1 embeddings (default endpoint http://localhost:11434/v1).</summary>
    Ollama,
}

/// <summary>Settings of the <c>AskBot:Embeddings</c> section. Changing any of them rebuilds the cached index.</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "AskBot:Embeddings";

    [EnumDataType(typeof(EmbeddingProviders))]
    public EmbeddingProviders Provider { get; set; } = EmbeddingProviders.MlNet;

    /// <summary>Base URL of the embeddings provider's OpenAI-compatible API; required for <see cref="EmbeddingProviders.OpenAICompatible"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Embedding model name; required for every provider but <see cref="EmbeddingProviders.MlNet"/>.</summary>
    public string? Model { get; set; }

    /// <summary>API key, from <c>AskBot__Embeddings__ApiKey</c> or user secrets only.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Time allowed for one embeddings request.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries after a transient failure.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Longest word n-gram of the ML.NET featurizer.</summary>
    [Range(1, 3)]
    public int WordNgramLength { get; set; } = 2;

    /// <summary>Longest character n-gram of the ML.NET featurizer.</summary>
    [Range(2, 6)]
    public int CharNgramLength { get; set; } = 4;
}
