namespace AskBot.Core.Evaluation;

/// <summary>An evaluation report file (a baseline) is missing or not a report written by <see cref="EvaluationJsonWriter"/>.</summary>
public sealed class EvaluationReportException : Exception
{
    public EvaluationReportException()
    {
    }

    public EvaluationReportException(string message)
        : base(message)
    {
    }

    public EvaluationReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
