namespace AskBot.Core.Answering;

/// <summary>
/// The configured LLM could not give an answer after its retries (timeout, 429, 5xx, refused connection,
/// malformed response, content filter). The ask service falls back to the extractive answer with a note.
/// Messages never contain secrets.
/// </summary>
public class ChatProviderException : Exception
{
    public ChatProviderException()
    {
    }

    public ChatProviderException(string message)
        : base(message)
    {
    }

    public ChatProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
