namespace AskBot.Cli.Errors;

/// <summary>Process exit codes of <c>askbot</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success, including a refusal and a chat ended by EOF, <c>/quit</c> or Ctrl-C.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug or an environment problem).</summary>
    public const int Unexpected = 1;

    /// <summary><c>eval</c> ran but at least one metric missed its threshold.</summary>
    public const int ThresholdMissed = 1;

    /// <summary>Bad input: usage error, invalid question, invalid setting, unreadable config file, missing corpus, malformed question set or baseline, unwritable report.</summary>
    public const int Usage = 2;

    /// <summary><c>discord</c>: Discord closed the gateway with a code that must not be retried (4010–4014: sharding, API version, intents).</summary>
    public const int BotStopped = 3;

    /// <summary>A one-shot command (<c>ask</c>, <c>index</c>) interrupted by Ctrl-C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
