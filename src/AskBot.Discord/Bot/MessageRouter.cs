using System.Text.RegularExpressions;
using AskBot.Discord.Models;

namespace AskBot.Discord.Bot;

/// <summary>Where a message addressed to the bot was written.</summary>
public enum MessageVenue
{
    /// <summary>A DM: answer in place.</summary>
    DirectMessage,

    /// <summary>A thread: answer in place.</summary>
    Thread,

    /// <summary>A guild text channel: answer in a new thread, or as a reply.</summary>
    GuildChannel,
}

/// <summary>A message the bot should answer: the question with the bot's mention removed, and where it was asked.</summary>
public sealed record AddressedMessage(DiscordMessage Message, string Question, MessageVenue Venue);

/// <summary>
/// Decides whether a MESSAGE_CREATE is addressed to the bot. Ignored: messages of bots (the bot itself included),
/// webhook messages, system messages (types other than 0 DEFAULT and 19 REPLY), and messages with nothing left after
/// the mention is removed. Addressed: DMs; messages mentioning the bot; any message in a thread or DM conversation
/// the bot answers in (<see cref="ConversationStore.AcceptsFollowUps"/>); replies to one of the bot's own messages.
/// </summary>
public sealed partial class MessageRouter
{
    private readonly ConversationStore conversations;
    private readonly ProcessedMessages ownMessages;

    /// <summary>Uses <paramref name="conversations"/> to know the bot's threads, and <paramref name="ownMessages"/> to know its messages.</summary>
    public MessageRouter(ConversationStore conversations, ProcessedMessages ownMessages)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(ownMessages);
        this.conversations = conversations;
        this.ownMessages = ownMessages;
    }

    /// <summary>The addressed message, or null when the bot should stay silent.</summary>
    public AddressedMessage? Route(DiscordMessage message, string selfId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(selfId);
        if (message.Author.Bot == true
            || message.Author.Id == selfId
            || message.WebhookId is not null
            || message.Type is not (MessageTypes.Default or MessageTypes.Reply))
        {
            return null;
        }

        var question = StripMention(message.Content, selfId);
        if (question.Length == 0)
        {
            return null;
        }

        var venue = this.Venue(message);
        var addressed = venue == MessageVenue.DirectMessage
            || Mentions(message, selfId)
            || this.conversations.AcceptsFollowUps(message.ChannelId)
            || this.RepliesToBot(message, selfId);
        return addressed ? new AddressedMessage(message, question, venue) : null;
    }

    /// <summary><paramref name="content"/> without <c>&lt;@selfId&gt;</c> / <c>&lt;@!selfId&gt;</c>, spaces collapsed.</summary>
    public static string StripMention(string content, string selfId)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(selfId);
        var stripped = content
            .Replace($"<@{selfId}>", " ", StringComparison.Ordinal)
            .Replace($"<@!{selfId}>", " ", StringComparison.Ordinal);
        return SpacesRegex().Replace(stripped, " ").Trim();
    }

    private MessageVenue Venue(DiscordMessage message)
    {
        if (message.GuildId is null || message.ChannelType == ChannelTypes.DirectMessage)
        {
            return MessageVenue.DirectMessage;
        }

        // channel_type may be missing; a thread the bot started is still known to be one.
        return message.ChannelType is ChannelTypes.PublicThread or ChannelTypes.PrivateThread or ChannelTypes.AnnouncementThread
            || this.conversations.ParentChannel(message.ChannelId) is not null
            ? MessageVenue.Thread
            : MessageVenue.GuildChannel;
    }

    private static bool Mentions(DiscordMessage message, string selfId)
        => message.Mentions?.Any(u => u.Id == selfId) == true
            || message.Content.Contains($"<@{selfId}>", StringComparison.Ordinal)
            || message.Content.Contains($"<@!{selfId}>", StringComparison.Ordinal);

    private bool RepliesToBot(DiscordMessage message, string selfId)
        => message.ReferencedMessage?.Author.Id == selfId
            || (message.MessageReference?.MessageId is { } id && this.ownMessages.Contains(id));

    [GeneratedRegex(@"[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex SpacesRegex();
}
