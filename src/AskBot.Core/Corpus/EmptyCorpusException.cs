namespace AskBot.Core.Corpus;

/// <summary>
/// The corpus folder exists but holds no readable <c>*.txt</c> file (none at all, or every one skipped). An index of
/// nothing answers nothing, so this is an input error; adapters turn it into exit code 2.
/// </summary>
public sealed class EmptyCorpusException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public EmptyCorpusException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, which names the folder.</summary>
    public EmptyCorpusException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public EmptyCorpusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for <paramref name="folder"/>, with the message every adapter shows.</summary>
    public static EmptyCorpusException For(string folder) =>
        new($"no readable *.txt files in {Path.GetFullPath(folder)}");
}
