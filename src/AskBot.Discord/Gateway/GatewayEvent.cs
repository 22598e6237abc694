using AskBot.Discord.Models;

namespace AskBot.Discord.Gateway;

/// <summary>A dispatch the bot acts on, handed from the gateway's receive loop to the bot through a channel.</summary>
public abstract record GatewayEvent;

/// <summary>READY: the session is up; carries the bot's own user id and application id.</summary>
public sealed record ReadyEvent(DiscordReady Ready) : GatewayEvent;

/// <summary>MESSAGE_CREATE.</summary>
public sealed record MessageCreatedEvent(DiscordMessage Message) : GatewayEvent;

/// <summary>INTERACTION_CREATE (slash commands and button clicks arrive here when no interactions endpoint is set).</summary>
public sealed record InteractionCreatedEvent(DiscordInteraction Interaction) : GatewayEvent;
