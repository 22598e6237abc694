namespace AskBot.Core.Corpus;

/// <summary>The configured corpus folder does not exist. The message names the path; adapters turn it into exit code 2.</summary>
public sealed class CorpusNotFoundException : Exception
{
    public CorpusNotFoundException()
    {
    }

    public CorpusNotFoundException(string message)
        : base(message)
    {
    }

    public CorpusNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
