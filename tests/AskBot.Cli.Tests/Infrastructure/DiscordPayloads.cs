using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AskBot.Discord.Tests.Fakes;

namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>Gateway dispatch payloads (<c>d</c>) as Discord sends them, written as raw JSON so the wire format is what is tested.</summary>
public static class DiscordPayloads
{
    public const string GuildId = "1100000000000000001";
    public const string ChannelId = "1100000000000000002";
    public const string UserId = "1100000000000000003";

    /// <summary>A MESSAGE_CREATE in a guild text channel that mentions the bot: <c>&lt;@BOT_ID&gt; question</c>.</summary>
    public static JsonObject GuildMention(string messageId, string question) => new()
    {
        ["id"] = messageId,
        ["channel_id"] = ChannelId,
        ["guild_id"] = GuildId,
        ["type"] = 0,
        ["content"] = $"<@{FakeGatewayServer.BotUserId}> {question}",
        ["author"] = new JsonObject { ["id"] = UserId, ["username"] = "reader", ["global_name"] = "Reader" },
        ["member"] = new JsonObject { ["roles"] = new JsonArray(), ["joined_at"] = "2024-03-01T00:00:00+00:00" },
        ["mentions"] = new JsonArray
        {
            new JsonObject { ["id"] = FakeGatewayServer.BotUserId, ["username"] = FakeGatewayServer.BotUsername, ["bot"] = true },
        },
        ["mention_roles"] = new JsonArray(),
        ["mention_everyone"] = false,
        ["attachments"] = new JsonArray(),
        ["embeds"] = new JsonArray(),
        ["timestamp"] = "2024-03-26T10:00:00+00:00",
    };

    /// <summary>An INTERACTION_CREATE of type 3: a click on the button <paramref name="customId"/> in a guild (user in <c>member.user</c>).</summary>
    public static JsonObject ButtonClick(string interactionId, string token, string customId) => new()
    {
        ["id"] = interactionId,
        ["application_id"] = FakeGatewayServer.ApplicationId,
        ["type"] = 3,
        ["token"] = token,
        ["version"] = 1,
        ["guild_id"] = GuildId,
        ["channel_id"] = ChannelId,
        ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "1100000000000000004", ["username"] = "voter" } },
        ["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 },
    };

    /// <summary>An INTERACTION_CREATE of type 2: <c>/ask question:…</c> in a guild channel.</summary>
    public static JsonObject AskCommand(string interactionId, string token, string question) => new()
    {
        ["id"] = interactionId,
        ["application_id"] = FakeGatewayServer.ApplicationId,
        ["type"] = 2,
        ["token"] = token,
        ["version"] = 1,
        ["guild_id"] = GuildId,
        ["channel_id"] = ChannelId,
        ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = UserId, ["username"] = "reader" } },
        ["data"] = new JsonObject
        {
            ["id"] = "1100000000000000005",
            ["name"] = "ask",
            ["type"] = 1,
            ["options"] = new JsonArray { new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = question } },
        },
    };
}

/// <summary>Reading what the bot posted to the fake REST API.</summary>
public static class DiscordRequestJson
{
    /// <summary>Every button <c>custom_id</c> in the <c>components</c> of a message body.</summary>
    public static IReadOnlyList<string> ButtonCustomIds(JsonElement message) =>
        message.TryGetProperty("components", out var rows)
            ? rows.EnumerateArray()
                .SelectMany(row => row.GetProperty("components").EnumerateArray())
                .Where(button => button.TryGetProperty("custom_id", out _))
                .Select(button => button.GetProperty("custom_id").GetString()!)
                .ToList()
            : [];

    /// <summary>The <c>value</c> of every embed field of a message body.</summary>
    public static IReadOnlyList<string> EmbedFieldValues(JsonElement message) =>
        message.TryGetProperty("embeds", out var embeds)
            ? embeds.EnumerateArray()
                .Where(embed => embed.TryGetProperty("fields", out _))
                .SelectMany(embed => embed.GetProperty("fields").EnumerateArray())
                .Select(field => field.GetProperty("value").GetString()!)
                .ToList()
            : [];

    /// <summary>The <c>content</c> of a message body, or empty.</summary>
    public static string Content(JsonElement message) =>
        message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString()! : string.Empty;

    /// <summary>
    /// The quoted span of an embed field value (<c>source line\n&gt; "quote"</c>) as the corpus has it: Discord markdown
    /// escapes and mention breakers removed, and a shortened quote's trailing ellipsis dropped.
    /// </summary>
    public static string UnescapedQuote(string fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        var start = fieldValue.IndexOf("> \"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no block quote in field value: {fieldValue}");
        var quote = fieldValue[(start + 3)..];
        Assert.EndsWith("\"", quote, StringComparison.Ordinal);
        quote = quote[..^1];
        if (quote.EndsWith('…'))
        {
            quote = quote[..^1];
        }

        var builder = new StringBuilder(quote.Length);
        for (var i = 0; i < quote.Length; i++)
        {
            if (quote[i] == '\\' && i + 1 < quote.Length)
            {
                i++;
            }
            else if (quote[i] == '\u200B')
            {
                continue;
            }

            builder.Append(quote[i]);
        }

        return builder.ToString().Trim();
    }
}
