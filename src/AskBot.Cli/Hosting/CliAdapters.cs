namespace AskBot.Cli.Hosting;

/// <summary>
/// The adapters a command adds to its host beyond the Core pipeline and the providers. A command composes only what it
/// uses, so a setting of an adapter it never touches (e.g. a Discord limit) cannot stop it.
/// </summary>
[Flags]
public enum CliAdapters
{
    /// <summary>Core, the providers and the command handlers only.</summary>
    None = 0,

    /// <summary>The Discord bot, its settings (validated at startup) and its feedback store.</summary>
    Discord = 1,
}
