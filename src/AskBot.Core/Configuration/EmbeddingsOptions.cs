using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Which embedding service produces vectors.</summary>
public enum EmbeddingProviders
{
    /// <summary>Offline sentence-embedding model (snowflake-arctic-embed-xs) run through ONNX Runtime: the default.</summary>
    Onnx,

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
    public EmbeddingProviders Provider { get; set; } = EmbeddingProviders.Onnx;

    /// <summary>Base URL of the embeddings provider's OpenAI-compatible API; required for <see cref="EmbeddingProviders.OpenAICompatible"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Embedding model name; required for the API providers (not for <see cref="EmbeddingProviders.Onnx"/> or <see cref="EmbeddingProviders.MlNet"/>).</summary>
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

    /// <summary>Intra-op threads of the ONNX model (<see cref="EmbeddingProviders.Onnx"/>); 0 lets ONNX Runtime choose.</summary>
    [Range(0, 64)]
    public int Threads { get; set; } = 2;

    /// <summary>Texts embedded per model call (<see cref="EmbeddingProviders.Onnx"/>).</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 8;

    /// <summary>
    /// Longest input in model tokens, [CLS] and [SEP] included (<see cref="EmbeddingProviders.Onnx"/>; the model's own
    /// limit is 512). Longer inputs are truncated and counted in <c>index</c> output.
    /// </summary>
    [Range(8, 512)]
    public int MaxTokens { get; set; } = 512;
}
