using System.Text.Json;
using AskBot.Core.Answering;
using AskBot.Core.Conversation;
using AskBot.Core.Storage;
using AskBot.Core.Telemetry;
using AskBot.Discord.Gateway;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Bot;

/// <summary>
/// The bot itself, whatever delivers its events: answers messages addressed to it (<see cref="MessageRouter"/>) and the
/// <c>/ask</c> command, clears a conversation on <c>/reset</c>, stores each answer for the Helpful / Not helpful buttons,
/// and records their clicks. Memory belongs to people: in a thread it is the thread's, in a DM the DM's, and in a
/// channel (an answer posted there, or <c>/ask</c>) each user's own. Each event
/// is handled on its own; a failure is logged and answered with an apology, never thrown, so one bad message can't
/// stop the bot. At most <see cref="DiscordOptions.MaxConcurrentQuestions"/> questions are answered at once; the
/// rest wait (after their typing indicator or deferral, so Discord's 3-second interaction deadline is always met).
/// </summary>
public sealed partial class DiscordBot : IDisposable
{
    /// <summary>Posted when answering failed unexpectedly.</summary>
    public const string SorryText = "Sorry, something went wrong answering that.";

    /// <summary>
    /// Reply to a user over the rate limit: for a message, the first time in a window (later ones get
    /// <see cref="RateLimitedReaction"/>, so the channel isn't flooded); for <c>/ask</c>, every time, ephemerally.
    /// </summary>
    public const string SlowDownText = "You're asking faster than I can answer. Please wait a minute before the next question.";

    /// <summary>Reaction on a message over the rate limit after the user was already told to slow down.</summary>
    public const string RateLimitedReaction = "\u23F3";

    /// <summary>Posted when the pipeline rejects the question (empty or too long).</summary>
    public const string InvalidQuestionText = "I can't answer that: the question is empty or too long. Please ask it more briefly.";

    /// <summary>Ephemeral reply to a feedback click.</summary>
    public const string ThanksText = "Thanks for the feedback.";

    /// <summary>Ephemeral reply to a click on an answer the store doesn't know.</summary>
    public const string UnknownAnswerText = "That answer is no longer known.";

    /// <summary>Ephemeral reply to a component the bot didn't make.</summary>
    public const string UnknownActionText = "Unknown action";

    /// <summary>Ephemeral reply to <c>/ask</c> where the allow-lists forbid answering.</summary>
    public const string NotHereText = "I don't answer questions here.";

    /// <summary>Ephemeral reply to <c>/reset</c>.</summary>
    public const string ConversationClearedText = "Conversation cleared.";

    /// <summary>Name of the slash command.</summary>
    public const string AskCommandName = "ask";

    /// <summary>Name of the command that clears the caller's conversation.</summary>
    public const string ResetCommandName = "reset";

    private const string QuestionOptionName = "question";
    private const string UserRateLimitScope = "user";

    // A typing indicator lasts about 10 s; renewing after 8 s keeps it on without gaps.
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(8);

    private readonly IDiscordRestClient rest;
    private readonly IAskService ask;
    private readonly IFeedbackStore feedback;
    private readonly DiscordOptions options;
    private readonly TimeProvider time;
    private readonly AskBotTelemetry telemetry;
    private readonly ILogger<DiscordBot> logger;
    private readonly ConversationStore conversations;
    private readonly IProcessedEventLedger ledger;
    private readonly IConversationMemory? memory;
    private readonly ProcessedMessages ownMessages = new();
    private readonly MessageRouter router;
    private readonly AccessPolicy access;
    private readonly UserRateLimiter limiter;
    private readonly SemaphoreSlim questionSlots;
    private volatile string? selfUserId;
    private volatile string? applicationId;
    private volatile bool commandsRegistered;

    public DiscordBot(
        IDiscordRestClient rest,
        IAskService ask,
        IFeedbackStore feedback,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        AskBotTelemetry telemetry,
        ILogger<DiscordBot> logger,
        IProcessedEventLedger? ledger = null,
        IConversationMemory? memory = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        this.rest = rest;
        this.ask = ask;
        this.feedback = feedback;
        this.options = options.Value;
        this.time = time;
        this.telemetry = telemetry;
        this.logger = logger;
        this.ledger = ledger ?? new InMemoryEventLedger();
        this.memory = memory;
        this.conversations = new ConversationStore(
            this.options.MaxHistoryTurns,
            this.options.MaxConversations,
            TimeSpan.FromMinutes(this.options.ConversationTtlMinutes),
            time);
        this.router = new MessageRouter(this.conversations, this.ownMessages);
        this.access = new AccessPolicy(options);
        this.limiter = new UserRateLimiter(options, time);
        this.questionSlots = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrentQuestions));
    }

    /// <summary>The <c>/ask</c> command as registered at READY.</summary>
    public static ApplicationCommand AskCommand { get; } = new(
        AskCommandName,
        "Ask AskBot about the articles",
        [new ApplicationCommandOption(CommandOptionTypes.String, QuestionOptionName, "Your question", Required: true)]);

    /// <summary>The <c>/reset</c> command as registered at READY.</summary>
    public static ApplicationCommand ResetCommand { get; } = new(
        ResetCommandName,
        "Forget your conversation with AskBot here (in a thread: the thread's)",
        []);

    /// <summary>The bot's own user id, from READY; null before it.</summary>
    public string? SelfUserId => this.selfUserId;

    /// <summary>The application id, from READY; null before it.</summary>
    public string? ApplicationId => this.applicationId;

    private TimeSpan ConversationTtl => TimeSpan.FromMinutes(this.options.ConversationTtlMinutes);

    /// <summary>The conversations (for checks that memory stays bounded).</summary>
    internal ConversationStore Conversations => this.conversations;

    /// <summary>Message and interaction ids already handled (shared with other processes when the store is).</summary>
    internal IProcessedEventLedger Ledger => this.ledger;

    /// <summary>Ids of the bot's own messages (replies to them are follow-ups).</summary>
    internal ProcessedMessages OwnMessages => this.ownMessages;

    /// <summary>The per-user question limit.</summary>
    internal UserRateLimiter Limiter => this.limiter;

    /// <summary>Handles one gateway event. Throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        return gatewayEvent switch
        {
            ReadyEvent ready => this.HandleReadyAsync(ready.Ready, cancellationToken),
            MessageCreatedEvent created => this.HandleMessageAsync(created.Message, cancellationToken),
            InteractionCreatedEvent interaction => this.HandleInteractionAsync(interaction.Interaction, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        this.questionSlots.Dispose();
        this.limiter.Dispose();
    }

    private async Task HandleReadyAsync(DiscordReady ready, CancellationToken cancellationToken)
    {
        this.selfUserId = ready.User.Id;
        this.applicationId = ready.Application.Id;
        this.LogReady(ready.User.Id, ready.Application.Id);

        // READY comes again after every new session, and from every shard; the commands need registering once per run,
        // by the process that runs shard 0 (every sharded deployment runs it somewhere).
        if (this.commandsRegistered || ready.Shard is [> 0, ..])
        {
            return;
        }

        try
        {
            await this.rest.OverwriteCommandsAsync(ready.Application.Id, this.options.CommandGuildId, [AskCommand, ResetCommand], cancellationToken).ConfigureAwait(false);
            this.commandsRegistered = true;
            this.LogCommandsRegistered(this.options.CommandGuildId ?? "(global)");
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            this.LogCommandsFailed(ex);
        }
    }

    private async Task HandleMessageAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        var started = this.time.GetTimestamp();
        var selfId = this.selfUserId;
        if (selfId is null)
        {
            return;
        }

        var addressed = this.router.Route(message, selfId);
        if (addressed is null)
        {
            return;
        }

        // Claimed before anything is posted: a replay, a restart or another process sharing the ledger answers it never.
        if (!await this.ledger.TryClaimAsync("m:" + message.Id, cancellationToken).ConfigureAwait(false))
        {
            this.LogDuplicate(message.Id);
            return;
        }

        if (!this.access.IsAllowed(message.GuildId, message.ChannelId, this.conversations.ParentChannel(message.ChannelId)))
        {
            this.LogNotAllowed(message.GuildId, message.ChannelId);
            return;
        }

        // Every question over the limit gets a trace: the first one in a window a reply, later ones only a reaction.
        switch (this.limiter.TryAcquire(message.Author.Id))
        {
            case RateLimitDecision.Limited:
                this.telemetry.RecordRateLimitWait(UserRateLimitScope, TimeSpan.Zero);
                this.LogRateLimitedAgain(message.Author.Id, message.Id);
                await this.ReactAsync(message.ChannelId, message.Id, RateLimitedReaction, cancellationToken).ConfigureAwait(false);
                return;
            case RateLimitDecision.LimitedNotify:
                this.telemetry.RecordRateLimitWait(UserRateLimitScope, TimeSpan.Zero);
                this.LogRateLimited(message.Author.Id);
                await this.SendNoticeAsync(message.ChannelId, message.Id, SlowDownText, cancellationToken).ConfigureAwait(false);
                return;
            default:
                break;
        }

        ReplyTarget? target = null;
        try
        {
            target = await this.ChooseTargetAsync(addressed, cancellationToken).ConfigureAwait(false);
            await this.AnswerMessageAsync(addressed, target, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            this.LogAnswerFailed(ex, message.Id, message.ChannelId);
            target ??= new ReplyTarget(message.ChannelId, message.Id, message.ChannelId);
            await this.SendNoticeAsync(target.ChannelId, target.ReplyToMessageId, SorryText, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AnswerMessageAsync(AddressedMessage addressed, ReplyTarget target, long started, CancellationToken cancellationToken)
    {
        var message = addressed.Message;
        using var typingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = this.KeepTypingAsync(target.ChannelId, typingStop.Token);
        AskResult result;
        try
        {
            result = await this.AnswerAsync(addressed.Question, target.ConversationKey, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidQuestionException)
        {
            await StopAsync(typingStop, typing).ConfigureAwait(false);
            await this.SendNoticeAsync(target.ChannelId, target.ReplyToMessageId, InvalidQuestionText, cancellationToken).ConfigureAwait(false);
            return;
        }
        finally
        {
            // Stopped before posting, so no typing indicator outlives the answer.
            await StopAsync(typingStop, typing).ConfigureAwait(false);
        }

        var answerId = this.NewAnswerId();
        await this.SaveAnswerAsync(answerId, result, message.GuildId, target.ChannelId, message.Author.Id, cancellationToken).ConfigureAwait(false);
        var payloads = AnswerFormatter.Format(result, answerId);
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = i == 0 && target.ReplyToMessageId is not null
                ? payloads[i] with { MessageReference = new MessageReferencePayload(target.ReplyToMessageId) }
                : payloads[i];
            var created = await this.rest.CreateMessageAsync(target.ChannelId, payload, cancellationToken).ConfigureAwait(false);
            this.ownMessages.TryBegin(created.Id);
        }

        var kind = addressed.Venue switch
        {
            MessageVenue.Thread => "thread",
            MessageVenue.DirectMessage => "dm",
            _ => "mention",
        };
        this.LogAnswer(kind, message.Id, message.ChannelId, message.GuildId, started, result);
    }

    private async Task<ReplyTarget> ChooseTargetAsync(AddressedMessage addressed, CancellationToken cancellationToken)
    {
        var message = addressed.Message;
        if (addressed.Venue is MessageVenue.DirectMessage or MessageVenue.Thread)
        {
            this.conversations.OpenFollowUps(message.ChannelId);
            return new ReplyTarget(message.ChannelId, message.Id, message.ChannelId);
        }

        if (this.options.AnswerInThreads)
        {
            try
            {
                var threadId = await this.rest.StartThreadFromMessageAsync(
                    message.ChannelId,
                    message.Id,
                    new StartThreadPayload(ThreadName(addressed.Question)),
                    cancellationToken).ConfigureAwait(false);
                this.conversations.OpenFollowUps(threadId, message.ChannelId);
                return new ReplyTarget(threadId, null, threadId);
            }
            catch (DiscordRestException ex) when (ex is not DiscordUnauthorizedException)
            {
                this.LogThreadFailed(ex.Code, (int)ex.Status, message.ChannelId);
            }
        }

        return new ReplyTarget(message.ChannelId, message.Id, ConversationStore.UserInChannel(message.Author.Id, message.ChannelId));
    }

    private async Task HandleInteractionAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        if (!await this.ledger.TryClaimAsync("i:" + interaction.Id, cancellationToken).ConfigureAwait(false))
        {
            this.LogDuplicate(interaction.Id);
            return;
        }

        try
        {
            switch (interaction.Type)
            {
                case InteractionTypes.ApplicationCommand when interaction.Data?.Name == AskCommandName:
                    await this.HandleAskCommandAsync(interaction, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionTypes.ApplicationCommand when interaction.Data?.Name == ResetCommandName:
                    await this.HandleResetCommandAsync(interaction, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionTypes.MessageComponent:
                    await this.HandleComponentAsync(interaction, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break;
            }
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            this.LogInteractionFailed(ex, interaction.Id, interaction.Type);
        }
    }

    private async Task HandleAskCommandAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        var started = this.time.GetTimestamp();
        var channelId = interaction.ChannelId ?? interaction.Id;
        var userId = interaction.Actor?.Id ?? interaction.Id;
        if (!this.access.IsAllowed(interaction.GuildId, channelId, this.conversations.ParentChannel(channelId)))
        {
            await this.RespondEphemeralAsync(interaction, NotHereText, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (this.limiter.TryAcquire(userId) != RateLimitDecision.Allowed)
        {
            // An ephemeral reply is seen only by the asker, so every over-limit /ask can get one.
            this.telemetry.RecordRateLimitWait(UserRateLimitScope, TimeSpan.Zero);
            this.LogRateLimited(userId);
            await this.RespondEphemeralAsync(interaction, SlowDownText, cancellationToken).ConfigureAwait(false);
            return;
        }

        // First, within Discord's 3 seconds: "thinking…". The answer then edits this response.
        await this.rest.CreateInteractionResponseAsync(
            interaction.Id,
            interaction.Token,
            new InteractionResponse(InteractionCallbackTypes.DeferredChannelMessageWithSource),
            cancellationToken).ConfigureAwait(false);

        var appId = interaction.ApplicationId;
        IReadOnlyList<MessagePayload> payloads;
        AskResult? answered = null;
        try
        {
            var question = QuestionOption(interaction.Data);
            var result = await this.AnswerAsync(question, this.CommandConversationKey(interaction.GuildId, channelId, userId), cancellationToken).ConfigureAwait(false);
            var answerId = this.NewAnswerId();
            await this.SaveAnswerAsync(answerId, result, interaction.GuildId, channelId, userId, cancellationToken).ConfigureAwait(false);
            payloads = AnswerFormatter.Format(result, answerId);
            answered = result;
        }
        catch (InvalidQuestionException)
        {
            payloads = [new MessagePayload(InvalidQuestionText)];
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            this.LogInteractionFailed(ex, interaction.Id, interaction.Type);
            payloads = [new MessagePayload(SorryText)];
        }

        await this.rest.EditOriginalInteractionResponseAsync(appId, interaction.Token, payloads[0], cancellationToken).ConfigureAwait(false);
        foreach (var payload in payloads.Skip(1))
        {
            await this.rest.CreateFollowupMessageAsync(appId, interaction.Token, payload, cancellationToken).ConfigureAwait(false);
        }

        if (answered is not null)
        {
            this.LogAnswer("slash", interaction.Id, channelId, interaction.GuildId, started, answered);
        }
    }

    private async Task HandleResetCommandAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        var channelId = interaction.ChannelId ?? interaction.Id;
        var userId = interaction.Actor?.Id ?? interaction.Id;
        var key = this.CommandConversationKey(interaction.GuildId, channelId, userId);
        var cleared = this.memory is { } shared
            ? await shared.ClearAsync(key, cancellationToken).ConfigureAwait(false) | this.conversations.Clear(key)
            : this.conversations.Clear(key);
        this.LogConversationCleared(userId, channelId, cleared);
        await this.RespondEphemeralAsync(interaction, ConversationClearedText, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whose memory a command in <paramref name="channelId"/> uses: a DM's or a thread's the bot answers in (shared by
    /// its participants, like messages there), else the caller's own in that channel.
    /// </summary>
    private string CommandConversationKey(string? guildId, string channelId, string userId)
        => guildId is null || this.conversations.AcceptsFollowUps(channelId)
            ? channelId
            : ConversationStore.UserInChannel(userId, channelId);

    private async Task HandleComponentAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        var actor = interaction.Actor;
        if (actor is null || !FeedbackButtons.TryParse(interaction.Data?.CustomId, out var answerId, out var helpful))
        {
            await this.RespondEphemeralAsync(interaction, UnknownActionText, cancellationToken).ConfigureAwait(false);
            return;
        }

        var known = await this.feedback.RecordVoteAsync(new FeedbackVote(answerId, actor.Id, helpful, this.time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        this.LogVote(answerId, helpful, known);
        await this.RespondEphemeralAsync(interaction, known ? ThanksText : UnknownAnswerText, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AskResult> AnswerAsync(string question, string conversationKey, CancellationToken cancellationToken)
    {
        await this.questionSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var history = this.memory is { } shared
                ? await shared.LoadAsync(conversationKey, this.ConversationTtl, cancellationToken).ConfigureAwait(false)
                : this.conversations.History(conversationKey);
            var result = await this.ask.AskAsync(question, history.Turns.Count == 0 ? null : history, cancellationToken).ConfigureAwait(false);
            var turn = new ConversationTurn(result.Question, result.StandaloneQuestion, result.Answer, result.Refused);
            if (this.memory is { } store)
            {
                await store.AppendAsync(conversationKey, turn, this.options.MaxHistoryTurns, this.ConversationTtl, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                this.conversations.Append(conversationKey, turn);
            }

            return result;
        }
        finally
        {
            this.questionSlots.Release();
        }
    }

    private async Task SaveAnswerAsync(string answerId, AskResult result, string? guildId, string channelId, string userId, CancellationToken cancellationToken)
    {
        var record = new AnswerRecord(
            answerId,
            result.Question,
            result.StandaloneQuestion,
            result.Answer,
            result.Refused,
            result.Citations.Select(c => new StoredCitation(c.N, c.DocId, c.Title, c.Quote, c.Start, c.End)).ToList(),
            guildId,
            channelId,
            userId,
            this.time.GetUtcNow());
        try
        {
            await this.feedback.SaveAnswerAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            // The answer is still worth posting; a click on it will just be reported as unknown.
            this.LogSaveFailed(ex, answerId);
        }
    }

    private async Task KeepTypingAsync(string channelId, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await this.rest.TriggerTypingAsync(channelId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
                {
                    this.LogTypingFailed(ex.GetType().Name, channelId);
                }

                await Task.Delay(TypingInterval, this.time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped because the answer is ready.
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task typing)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await typing.ConfigureAwait(false);
    }

    private async Task SendNoticeAsync(string channelId, string? replyToMessageId, string text, CancellationToken cancellationToken)
    {
        try
        {
            var reference = replyToMessageId is null ? null : new MessageReferencePayload(replyToMessageId);
            var created = await this.rest.CreateMessageAsync(channelId, new MessagePayload(text, MessageReference: reference), cancellationToken).ConfigureAwait(false);
            this.ownMessages.TryBegin(created.Id);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            this.LogNoticeFailed(ex, channelId);
        }
    }

    private async Task ReactAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken)
    {
        try
        {
            await this.rest.AddOwnReactionAsync(channelId, messageId, emoji, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            this.LogReactionFailed(ex.GetType().Name, channelId);
        }
    }

    /// <summary>The one Information line per answered question; the question's text only when <see cref="DiscordOptions.LogQuestionText"/> is set.</summary>
    private void LogAnswer(string kind, string id, string channelId, string? guildId, long started, AskResult result)
    {
        var latencyMs = (long)this.time.GetElapsedTime(started).TotalMilliseconds;
        if (this.options.LogQuestionText)
        {
            this.LogAnsweredWithQuestion(kind, id, channelId, guildId, latencyMs, result.Provider, result.Refused, result.Citations.Count, result.Question);
        }
        else
        {
            this.LogAnswered(kind, id, channelId, guildId, latencyMs, result.Provider, result.Refused, result.Citations.Count);
        }
    }

    private Task RespondEphemeralAsync(DiscordInteraction interaction, string text, CancellationToken cancellationToken)
        => this.rest.CreateInteractionResponseAsync(
            interaction.Id,
            interaction.Token,
            new InteractionResponse(InteractionCallbackTypes.ChannelMessageWithSource, new MessagePayload(text, Flags: MessageFlags.Ephemeral)),
            cancellationToken);

    private string NewAnswerId() => Guid.CreateVersion7(this.time.GetUtcNow()).ToString("N");

    private static string QuestionOption(DiscordInteractionData? data)
    {
        var value = data?.Options?.FirstOrDefault(o => o.Name == QuestionOptionName)?.Value;
        return value is { ValueKind: JsonValueKind.String } element ? element.GetString() ?? string.Empty : string.Empty;
    }

    private static string ThreadName(string question)
    {
        var name = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return name.Length <= DiscordLimits.ThreadNameChars ? name : name[..(DiscordLimits.ThreadNameChars - 1)].TrimEnd() + "…";
    }

    private static bool IsCancellation(Exception ex, CancellationToken cancellationToken)
        => ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord session ready as user {UserId} (application {ApplicationId})")]
    private partial void LogReady(string userId, string applicationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered /ask and /reset ({Scope})")]
    private partial void LogCommandsRegistered(string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering /ask and /reset failed; mentions and DMs still work")]
    private partial void LogCommandsFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} cleared their conversation in channel {ChannelId} (had history: {HadHistory})")]
    private partial void LogConversationCleared(string userId, string channelId, bool hadHistory);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event {Id} was already handled; ignoring the repeat")]
    private partial void LogDuplicate(string id);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Not answering in guild {GuildId} channel {ChannelId}: not on the allow-list")]
    private partial void LogNotAllowed(string? guildId, string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is over the question rate limit")]
    private partial void LogRateLimited(string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start a thread in channel {ChannelId} (HTTP {Status}, code {Code}); replying in the channel")]
    private partial void LogThreadFailed(int? code, int status, string channelId);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Answered {Kind} {SourceId} in channel {ChannelId} (guild {GuildId}) in {LatencyMs} ms by {Provider} (refused: {Refused}, citations: {Citations})")]
    private partial void LogAnswered(string kind, string sourceId, string channelId, string? guildId, long latencyMs, string provider, bool refused, int citations);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Answered {Kind} {SourceId} in channel {ChannelId} (guild {GuildId}) in {LatencyMs} ms by {Provider} (refused: {Refused}, citations: {Citations}): {Question}")]
    private partial void LogAnsweredWithQuestion(string kind, string sourceId, string channelId, string? guildId, long latencyMs, string provider, bool refused, int citations, string question);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId} is still over the question rate limit; reacted to message {MessageId}")]
    private partial void LogRateLimitedAgain(string userId, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reacting in channel {ChannelId} failed ({Error})")]
    private partial void LogReactionFailed(string error, string channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering message {MessageId} in channel {ChannelId} failed")]
    private partial void LogAnswerFailed(Exception exception, string messageId, string channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling interaction {InteractionId} (type {Type}) failed")]
    private partial void LogInteractionFailed(Exception exception, string interactionId, int type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback on answer {AnswerId}: helpful {Helpful} (answer known: {Known})")]
    private partial void LogVote(string answerId, bool helpful, bool known);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing answer {AnswerId} failed; its feedback buttons won't record clicks")]
    private partial void LogSaveFailed(Exception exception, string answerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Typing indicator in channel {ChannelId} failed ({Error})")]
    private partial void LogTypingFailed(string error, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting a notice in channel {ChannelId} failed")]
    private partial void LogNoticeFailed(Exception exception, string channelId);

    private sealed record ReplyTarget(string ChannelId, string? ReplyToMessageId, string ConversationKey);
}
