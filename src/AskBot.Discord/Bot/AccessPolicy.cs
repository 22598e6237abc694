using Microsoft.Extensions.Options;

namespace AskBot.Discord.Bot;

/// <summary>
/// Where the bot answers, from <see cref="DiscordOptions.AllowedGuildIds"/> and <see cref="DiscordOptions.AllowedChannelIds"/>.
/// <list type="bullet">
/// <item>No allow-list: everywhere, DMs included.</item>
/// <item>A guild allow-list: only in those guilds, and <b>not in DMs</b>. Restricting the bot to some communities
/// means strangers can't use it privately either.</item>
/// <item>A channel allow-list: in guilds, only in those channels and in threads whose parent is one of them (a thread
/// is recognised by its own id being listed, or by being a thread the bot started from a listed channel). DMs stay
/// allowed (unless a guild allow-list is set too), since a DM is no channel of any guild.</item>
/// <item>Both: a guild message must pass both lists.</item>
/// </list>
/// </summary>
public sealed class AccessPolicy
{
    private readonly HashSet<string> guilds;
    private readonly HashSet<string> channels;

    /// <summary>Reads the allow-lists once; they don't change while the bot runs.</summary>
    public AccessPolicy(IOptions<DiscordOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.guilds = new HashSet<string>(Clean(options.Value.AllowedGuildIds), StringComparer.Ordinal);
        this.channels = new HashSet<string>(Clean(options.Value.AllowedChannelIds), StringComparer.Ordinal);
    }

    /// <summary>
    /// True when the bot may answer in <paramref name="channelId"/> of <paramref name="guildId"/> (null for a DM);
    /// <paramref name="parentChannelId"/> is a thread's parent channel, when known.
    /// </summary>
    public bool IsAllowed(string? guildId, string channelId, string? parentChannelId = null)
    {
        if (guildId is null)
        {
            return this.guilds.Count == 0;
        }

        if (this.guilds.Count > 0 && !this.guilds.Contains(guildId))
        {
            return false;
        }

        return this.channels.Count == 0
            || this.channels.Contains(channelId)
            || (parentChannelId is not null && this.channels.Contains(parentChannelId));
    }

    private static IEnumerable<string> Clean(IEnumerable<string> ids)
        => ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim());
}
