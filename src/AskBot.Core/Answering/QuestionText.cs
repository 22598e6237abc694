using System.Globalization;
using System.Text;

namespace AskBot.Core.Answering;

/// <summary>Validates and cleans a question before it enters the pipeline.</summary>
internal static class QuestionText
{
    /// <summary>The question with control characters replaced by spaces and whitespace collapsed.</summary>
    /// <exception cref="InvalidQuestionException">Empty, whitespace only, or longer than <paramref name="maxChars"/>.</exception>
    public static string Clean(string? question, int maxChars)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new InvalidQuestionException("the question is empty");
        }

        if (question.Length > maxChars)
        {
            throw new InvalidQuestionException(string.Create(CultureInfo.InvariantCulture, $"the question is {question.Length} characters; the limit is {maxChars} (AskBot:Chat:MaxQuestionChars)"));
        }

        var builder = new StringBuilder(question.Length);
        var lastWasSpace = false;
        foreach (var c in question)
        {
            var isSpace = char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
            if (isSpace)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }

            lastWasSpace = isSpace;
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? throw new InvalidQuestionException("the question is empty") : cleaned;
    }
}
