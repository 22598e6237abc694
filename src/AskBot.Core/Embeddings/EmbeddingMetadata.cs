namespace AskBot.Core.Embeddings;

/// <summary>Keys a provider may set in the additional properties of what it returns, for the index to report.</summary>
public static class EmbeddingMetadata
{
    /// <summary>
    /// In <c>GeneratedEmbeddings.AdditionalProperties</c>: how many inputs of the call were longer than the model's limit
    /// and were truncated (a <see cref="long"/>).
    /// </summary>
    public const string TruncatedInputs = "askbot.truncatedInputs";

    /// <summary>In <c>Embedding.AdditionalProperties</c>: <c>true</c> when this input was truncated to the model's limit.</summary>
    public const string Truncated = "askbot.truncated";
}
