namespace AskBot.Core.Evaluation;

/// <summary>A question set has malformed lines. <see cref="Errors"/> lists every one as "line N: problem"; nothing was asked.</summary>
public sealed class QuestionSetException : Exception
{
    public QuestionSetException()
    {
        this.Errors = [];
    }

    public QuestionSetException(string message)
        : base(message)
    {
        this.Errors = [message];
    }

    public QuestionSetException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.Errors = [message];
    }

    public QuestionSetException(string path, IReadOnlyList<string> errors)
        : base($"{path}: {errors.Count} malformed line(s): {string.Join("; ", errors)}")
    {
        this.Errors = errors;
    }

    /// <summary>One entry per problem, each starting with "line N: ".</summary>
    public IReadOnlyList<string> Errors { get; }
}
