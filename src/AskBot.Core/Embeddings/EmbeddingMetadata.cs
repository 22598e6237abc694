namespace AskBot.Core.Embeddings;

/// <summary>Keys a provider may set in <c>GeneratedEmbeddings.AdditionalProperties</c> for the index to report.</summary>
public static class EmbeddingMetadata
{
    /// <summary>How many inputs of the call were longer than the model's limit and were truncated (a <see cref="long"/>).</summary>
    public const string TruncatedInputs = "askbot.truncatedInputs";
}
