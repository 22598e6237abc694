namespace AskBot.Core.Answering;

/// <summary>Fixed sentences of AskBot's answers.</summary>
public static class AnswerTexts
{
    /// <summary>The reply when the articles don't answer the question.</summary>
    public const string Refusal = "The articles don't cover that.";

    /// <summary>True when <paramref name="answer"/> is (or starts with) the refusal.</summary>
    public static bool IsRefusal(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var trimmed = answer.Trim();
        return trimmed.Length == 0
            || trimmed.StartsWith("The articles don't cover", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("The articles do not cover", StringComparison.OrdinalIgnoreCase);
    }
}
