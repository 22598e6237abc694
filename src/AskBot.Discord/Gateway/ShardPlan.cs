using System.Globalization;

namespace AskBot.Discord.Gateway;

/// <summary>One gateway shard: which of how many (sent in Identify as <c>[id, count]</c>).</summary>
public sealed record ShardInfo(int Id, int Count)
{
    /// <summary>The shard Discord sends a guild's events on: <c>(guild_id &gt;&gt; 22) % count</c>; DMs come on shard 0.</summary>
    public static int For(string? guildId, int count) =>
        guildId is not null && ulong.TryParse(guildId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (int)((id >> 22) % (ulong)count)
            : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{this.Id}/{this.Count}");
}

/// <summary>The shards a process runs, from <c>AskBot:Discord:ShardCount</c> and <c>ShardIds</c>.</summary>
internal static class ShardPlan
{
    /// <summary>Null for <c>auto</c>; the number otherwise.</summary>
    public static bool TryParseCount(string? value, out int? count)
    {
        count = null;
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1)
        {
            count = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The ids of <c>ShardIds</c> (empty for "all"), sorted and distinct.</summary>
    public static bool TryParseIds(string? value, out IReadOnlyList<int> ids)
    {
        ids = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var set = new SortedSet<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? part : part[..dash];
            var last = dash < 0 ? part : part[(dash + 1)..];
            if (!int.TryParse(first.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(last.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                || to < from
                || to - from > 10_000)
            {
                return false;
            }

            for (var id = from; id <= to; id++)
            {
                set.Add(id);
            }
        }

        ids = [.. set];
        return ids.Count > 0;
    }

    /// <summary>The shards to run given Discord's recommended count.</summary>
    /// <exception cref="DiscordGatewayFatalException">An id is not below the count.</exception>
    public static IReadOnlyList<ShardInfo> Resolve(DiscordOptions options, int recommended)
    {
        TryParseCount(options.ShardCount, out var fixedCount);
        TryParseIds(options.ShardIds, out var ids);
        var count = fixedCount ?? Math.Max(1, recommended);
        if (ids.Count == 0)
        {
            return [.. Enumerable.Range(0, count).Select(id => new ShardInfo(id, count))];
        }

        if (ids[^1] >= count)
        {
            throw new DiscordGatewayFatalException(string.Create(
                CultureInfo.InvariantCulture,
                $"AskBot:Discord:ShardIds names shard {ids[^1]}, but the bot has {count} shards (AskBot:Discord:ShardCount {options.ShardCount}); ids run from 0 to {count - 1}."));
        }

        return [.. ids.Select(id => new ShardInfo(id, count))];
    }
}
