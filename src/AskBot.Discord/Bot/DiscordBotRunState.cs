namespace AskBot.Discord.Bot;

/// <summary>
/// How the bot's run ended, shared (as a singleton) between <see cref="DiscordBotService"/> and whoever runs the host,
/// so <c>askbot discord</c> can exit non-zero after a fatal gateway stop.
/// </summary>
public sealed class DiscordBotRunState
{
    private volatile Exception? failure;

    /// <summary>Why the gateway stopped for good (fatal close code, refused token); null while running or after a normal shutdown.</summary>
    public Exception? Failure
    {
        get => this.failure;
        set => this.failure = value;
    }
}
