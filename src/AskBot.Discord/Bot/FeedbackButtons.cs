using AskBot.Discord.Models;

namespace AskBot.Discord.Bot;

/// <summary>The Helpful / Not helpful buttons under an answer, and their <c>custom_id</c>s <c>fb:up:&lt;answerId&gt;</c> / <c>fb:down:&lt;answerId&gt;</c>.</summary>
public static class FeedbackButtons
{
    private const string UpPrefix = "fb:up:";
    private const string DownPrefix = "fb:down:";

    /// <summary>Longest answer id that still fits a <c>custom_id</c>.</summary>
    public const int MaxAnswerIdChars = DiscordLimits.CustomIdChars - 8;

    /// <summary>One action row with both buttons for <paramref name="answerId"/>.</summary>
    public static ActionRow Row(string answerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(answerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(answerId.Length, MaxAnswerIdChars);
        return new ActionRow(
        [
            new Button(ButtonStyles.Success, "Helpful", UpPrefix + answerId),
            new Button(ButtonStyles.Danger, "Not helpful", DownPrefix + answerId),
        ]);
    }

    /// <summary>Reads a button's <c>custom_id</c>; false when it is not one of the feedback buttons.</summary>
    public static bool TryParse(string? customId, out string answerId, out bool helpful)
    {
        answerId = string.Empty;
        helpful = false;
        if (customId is null)
        {
            return false;
        }

        if (customId.StartsWith(UpPrefix, StringComparison.Ordinal))
        {
            answerId = customId[UpPrefix.Length..];
            helpful = true;
        }
        else if (customId.StartsWith(DownPrefix, StringComparison.Ordinal))
        {
            answerId = customId[DownPrefix.Length..];
        }

        return answerId.Length > 0;
    }
}
