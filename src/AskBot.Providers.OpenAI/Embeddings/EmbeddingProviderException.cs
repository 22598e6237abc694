namespace AskBot.Providers.OpenAI.Embeddings;

/// <summary>
/// The embeddings provider could not produce vectors after its HTTP retries (timeout, 429, 5xx, refused connection),
/// or sent a malformed response. Messages are short and never contain secrets. A rejected key raises
/// <see cref="AskBot.Core.Answering.ChatProviderAuthenticationException"/> naming <c>AskBot:Embeddings:ApiKey</c> instead.
/// </summary>
public sealed class EmbeddingProviderException : Exception
{
    public EmbeddingProviderException()
    {
    }

    public EmbeddingProviderException(string message)
        : base(message)
    {
    }

    public EmbeddingProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
