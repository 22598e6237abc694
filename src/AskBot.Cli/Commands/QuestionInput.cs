using System.Globalization;
using AskBot.Cli.Errors;
using AskBot.Cli.Output;

namespace AskBot.Cli.Commands;

/// <summary>Checks a question before anything expensive (the index) is touched.</summary>
public static class QuestionInput
{
    /// <summary>The question with control characters replaced and ends trimmed, or null when nothing is left.</summary>
    public static string? Normalize(string? question)
    {
        var normalized = TextSanitizer.Question(question);
        return normalized.Length == 0 ? null : normalized;
    }

    /// <summary>The message for a question over the configured limit, or null when it fits.</summary>
    public static string? LengthError(string normalizedQuestion, int maxQuestionChars)
    {
        ArgumentNullException.ThrowIfNull(normalizedQuestion);
        return normalizedQuestion.Length <= maxQuestionChars
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"error: the question is {normalizedQuestion.Length} characters; the limit is {maxQuestionChars} (AskBot:Chat:MaxQuestionChars)");
    }

    /// <summary>Throws <see cref="CliUsageException"/> when the question is too long.</summary>
    public static void EnsureFits(string normalizedQuestion, int maxQuestionChars)
    {
        var error = LengthError(normalizedQuestion, maxQuestionChars);
        if (error is not null)
        {
            throw new CliUsageException(error);
        }
    }
}
