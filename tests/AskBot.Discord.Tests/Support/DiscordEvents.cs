using System.Text.Json;
using AskBot.Discord.Gateway;
using AskBot.Discord.Models;

namespace AskBot.Discord.Tests.Support;

/// <summary>Gateway events as Discord sends them, for tests.</summary>
public static class DiscordEvents
{
    public const string SelfId = "900";
    public const string ApplicationId = "800";
    public const string GuildId = "g1";
    public const string ChannelId = "c1";
    public const string UserId = "u1";

    public static DiscordUser Self { get; } = new(SelfId, "askbot", Bot: true);

    public static DiscordUser User { get; } = new(UserId, "reader");

    public static ReadyEvent Ready() => new(new DiscordReady("session-1", "ws://127.0.0.1:1/resume", Self, new ReadyApplication(ApplicationId)));

    /// <summary>A message in guild text channel <paramref name="channelId"/>, mentioning the bot unless <paramref name="mention"/> is false.</summary>
    public static DiscordMessage GuildMessage(string id, string question, bool mention = true, string channelId = ChannelId, int? channelType = ChannelTypes.GuildText, DiscordUser? author = null)
        => new(
            id,
            channelId,
            author ?? User,
            mention ? $"<@{SelfId}> {question}" : question,
            GuildId: GuildId,
            ChannelType: channelType,
            Mentions: mention ? [Self] : []);

    public static DiscordMessage DirectMessage(string id, string question, string channelId = "dm1", DiscordUser? author = null)
        => new(id, channelId, author ?? User, question, ChannelType: ChannelTypes.DirectMessage);

    public static DiscordInteraction AskCommand(string id, string question, string channelId = ChannelId, string userId = UserId)
        => new(
            id,
            ApplicationId,
            InteractionTypes.ApplicationCommand,
            "token-" + id,
            GuildId: GuildId,
            ChannelId: channelId,
            Member: new DiscordMember(new DiscordUser(userId, "reader")),
            Data: new DiscordInteractionData(
                Name: "ask",
                Options: [new DiscordInteractionOption("question", CommandOptionTypes.String, JsonSerializer.SerializeToElement(question))]));

    public static DiscordInteraction Click(string id, string customId, string userId = "u2")
        => new(
            id,
            ApplicationId,
            InteractionTypes.MessageComponent,
            "token-" + id,
            GuildId: GuildId,
            ChannelId: ChannelId,
            Member: new DiscordMember(new DiscordUser(userId, "voter")),
            Data: new DiscordInteractionData(CustomId: customId, ComponentType: ComponentTypes.Button));
}
