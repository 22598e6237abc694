using AskBot.Discord.Bot;
using AskBot.Discord.Models;
using AskBot.Discord.Tests.Support;

namespace AskBot.Discord.Tests.Bot;

public sealed class MessageRouterTests
{
    private const string Self = DiscordEvents.SelfId;
    private readonly ConversationStore conversations = new(maxTurns: 10);
    private readonly ProcessedMessages ownMessages = new();

    private MessageRouter Router => new(this.conversations, this.ownMessages);

    [Fact]
    public void Route_MentionInGuildChannel_IsAddressedWithTheMentionStripped()
    {
        // Arrange
        var message = DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?") with { Content = $"<@{Self}>  Who leads <@!{Self}> ISIS-K?" };

        // Act
        var routed = this.Router.Route(message, Self);

        // Assert
        Assert.NotNull(routed);
        Assert.Equal("Who leads ISIS-K?", routed.Question);
        Assert.Equal(MessageVenue.GuildChannel, routed.Venue);
    }

    [Fact]
    public void Route_NicknameMentionWithoutMentionsArray_IsAddressed()
    {
        var message = DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?", mention: false) with { Content = $"<@!{Self}> Who leads ISIS-K?" };

        var routed = this.Router.Route(message, Self);

        Assert.Equal("Who leads ISIS-K?", routed?.Question);
    }

    [Fact]
    public void Route_BotAuthor_IsIgnored()
    {
        var message = DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?", author: new DiscordUser("77", "otherbot", Bot: true));

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_OwnMessage_IsIgnored()
    {
        var message = DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?", author: new DiscordUser(Self, "askbot"));

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_WebhookMessage_IsIgnored()
    {
        var message = DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?") with { WebhookId = "hook" };

        Assert.Null(this.Router.Route(message, Self));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(6)]
    [InlineData(21)]
    public void Route_SystemMessageType_IsIgnored(int type)
    {
        var message = DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?") with { Type = type };

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_ReplyType_IsHandled()
    {
        var message = DiscordEvents.GuildMessage("m1", "Who leads ISIS-K?") with { Type = MessageTypes.Reply };

        Assert.NotNull(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_OnlyAMention_IsIgnored()
    {
        var message = DiscordEvents.GuildMessage("m1", "   ");

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_DirectMessage_IsAddressedWithoutMention()
    {
        var routed = this.Router.Route(DiscordEvents.DirectMessage("m1", "Who leads ISIS-K?"), Self);

        Assert.Equal(MessageVenue.DirectMessage, routed?.Venue);
        Assert.Equal("Who leads ISIS-K?", routed?.Question);
    }

    [Fact]
    public void Route_UnrelatedChannelMessage_IsIgnored()
    {
        var message = DiscordEvents.GuildMessage("m1", "Anyone seen the match last night?", mention: false);

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_MessageMentioningSomeoneElse_IsIgnored()
    {
        var message = DiscordEvents.GuildMessage("m1", "<@555> who leads ISIS-K?", mention: false) with { Mentions = [new DiscordUser("555")] };

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_MessageInThreadTheBotAnswersIn_IsAddressedWithoutMention()
    {
        // Arrange
        this.conversations.OpenFollowUps("t1", parentChannelId: DiscordEvents.ChannelId);
        var message = DiscordEvents.GuildMessage("m2", "How old is he?", mention: false, channelId: "t1", channelType: null);

        // Act
        var routed = this.Router.Route(message, Self);

        // Assert
        Assert.Equal(MessageVenue.Thread, routed?.Venue);
    }

    [Fact]
    public void Route_MessageInOtherThread_IsIgnoredWithoutMention()
    {
        var message = DiscordEvents.GuildMessage("m2", "How old is he?", mention: false, channelId: "t9", channelType: ChannelTypes.PublicThread);

        Assert.Null(this.Router.Route(message, Self));
    }

    [Fact]
    public void Route_ReplyToOneOfTheBotsMessages_IsAddressed()
    {
        // Arrange
        this.ownMessages.TryBegin("5001");
        var byReference = DiscordEvents.GuildMessage("m2", "And how old is he?", mention: false) with
        {
            Type = MessageTypes.Reply,
            MessageReference = new DiscordMessageReference("5001", DiscordEvents.ChannelId),
        };
        var byReferencedMessage = DiscordEvents.GuildMessage("m3", "And where?", mention: false) with
        {
            Type = MessageTypes.Reply,
            ReferencedMessage = new DiscordMessage("4000", DiscordEvents.ChannelId, DiscordEvents.Self),
        };
        var toSomeoneElse = DiscordEvents.GuildMessage("m4", "lol", mention: false) with
        {
            Type = MessageTypes.Reply,
            MessageReference = new DiscordMessageReference("4999", DiscordEvents.ChannelId),
            ReferencedMessage = new DiscordMessage("4999", DiscordEvents.ChannelId, DiscordEvents.User),
        };

        // Act / Assert
        Assert.NotNull(this.Router.Route(byReference, Self));
        Assert.NotNull(this.Router.Route(byReferencedMessage, Self));
        Assert.Null(this.Router.Route(toSomeoneElse, Self));
    }
}
