namespace AskBot.Core.Answering;

/// <summary>The question cannot be asked (empty, whitespace only, or longer than <c>AskBot:Chat:MaxQuestionChars</c>).</summary>
public sealed class InvalidQuestionException : Exception
{
    public InvalidQuestionException()
    {
    }

    public InvalidQuestionException(string message)
        : base(message)
    {
    }

    public InvalidQuestionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
