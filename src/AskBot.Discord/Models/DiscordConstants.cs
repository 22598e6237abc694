namespace AskBot.Discord.Models;

/// <summary>Message types the bot answers.</summary>
public static class MessageTypes
{
    public const int Default = 0;
    public const int Reply = 19;
}

/// <summary>Channel types (<c>channel_type</c>).</summary>
public static class ChannelTypes
{
    public const int GuildText = 0;
    public const int DirectMessage = 1;
    public const int AnnouncementThread = 10;
    public const int PublicThread = 11;
    public const int PrivateThread = 12;
}

/// <summary>Interaction types.</summary>
public static class InteractionTypes
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
}

/// <summary>Interaction callback types.</summary>
public static class InteractionCallbackTypes
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
}

/// <summary>Component types.</summary>
public static class ComponentTypes
{
    public const int ActionRow = 1;
    public const int Button = 2;
}

/// <summary>Button styles.</summary>
public static class ButtonStyles
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Success = 3;
    public const int Danger = 4;
}

/// <summary>Message flags.</summary>
public static class MessageFlags
{
    public const int Ephemeral = 64;
}

/// <summary>Application command option types.</summary>
public static class CommandOptionTypes
{
    public const int String = 3;
}

/// <summary>Discord's documented size limits.</summary>
public static class DiscordLimits
{
    public const int ContentChars = 2000;
    public const int EmbedTitleChars = 256;
    public const int EmbedDescriptionChars = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldNameChars = 256;
    public const int EmbedFieldValueChars = 1024;
    public const int EmbedFooterChars = 2048;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTotalChars = 6000;
    public const int CustomIdChars = 100;
    public const int ThreadNameChars = 100;
    public const int GatewayPayloadBytes = 4096;
}
