using System.Collections.Concurrent;
using System.Globalization;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;

namespace AskBot.Discord.Tests.Support;

/// <summary>One call made to <see cref="RecordingRestClient"/>.</summary>
/// <param name="Sequence">Order of the call among all calls (from 1).</param>
/// <param name="Operation">One of the <see cref="RestOperations"/> names.</param>
/// <param name="Target">Channel id, interaction id or application id the call addressed.</param>
/// <param name="Payload">Message body, when the call carries one (the interaction response's data included).</param>
/// <param name="Body">The other bodies: <see cref="InteractionResponse"/>, <see cref="StartThreadPayload"/>, the command list.</param>
/// <param name="Extra">Second path segment: message id of a thread start or a reaction, token of a webhook call, guild id of a command overwrite.</param>
public sealed record RestCall(long Sequence, string Operation, string Target, MessagePayload? Payload = null, object? Body = null, string? Extra = null);

/// <summary>Operation names of <see cref="RestCall"/>.</summary>
public static class RestOperations
{
    public const string GetGatewayBot = nameof(GetGatewayBot);
    public const string CreateMessage = nameof(CreateMessage);
    public const string TriggerTyping = nameof(TriggerTyping);
    public const string StartThread = nameof(StartThread);
    public const string OverwriteCommands = nameof(OverwriteCommands);
    public const string AddReaction = nameof(AddReaction);
    public const string InteractionResponse = nameof(InteractionResponse);
    public const string EditOriginal = nameof(EditOriginal);
    public const string CreateFollowup = nameof(CreateFollowup);
}

/// <summary>
/// An in-memory <see cref="IDiscordRestClient"/> that records every call in order. Created messages get increasing ids;
/// a started thread's id is the message id (as on Discord). Failures can be injected per operation.
/// </summary>
public sealed class RecordingRestClient : IDiscordRestClient
{
    private readonly ConcurrentQueue<RestCall> calls = new();
    private long sequence;
    private long nextMessageId = 5000;

    /// <summary>Thrown by the operation named by the key, instead of succeeding.</summary>
    public ConcurrentDictionary<string, Exception> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call, in order.</summary>
    public IReadOnlyList<RestCall> Calls => this.calls.OrderBy(c => c.Sequence).ToList();

    /// <summary>Calls of one operation, in order.</summary>
    public IReadOnlyList<RestCall> Of(string operation) => this.Calls.Where(c => c.Operation == operation).ToList();

    /// <summary>Waits until a call matching <paramref name="predicate"/> has been made.</summary>
    public async Task<RestCall> WaitForAsync(Func<RestCall, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var match = this.Calls.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No matching REST call. Calls: " + string.Join(", ", this.Calls.Select(c => c.Operation + " " + c.Target)));
            }

            await Task.Delay(10);
        }
    }

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        this.Record(RestOperations.GetGatewayBot, string.Empty);
        return Task.FromResult(new GatewayBotInfo("ws://127.0.0.1:1"));
    }

    public Task<CreatedMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.CreateMessage, channelId, payload);
        var id = Interlocked.Increment(ref this.nextMessageId).ToString(CultureInfo.InvariantCulture);
        return Task.FromResult(new CreatedMessage(id, channelId));
    }

    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.TriggerTyping, channelId);
        return Task.CompletedTask;
    }

    public Task<string> StartThreadFromMessageAsync(string channelId, string messageId, StartThreadPayload payload, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.StartThread, channelId, body: payload, extra: messageId);
        return Task.FromResult(messageId);
    }

    public Task AddOwnReactionAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.AddReaction, channelId, body: emoji, extra: messageId);
        return Task.CompletedTask;
    }

    public Task OverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.OverwriteCommands, applicationId, body: commands, extra: guildId);
        return Task.CompletedTask;
    }

    public Task CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.InteractionResponse, interactionId, response.Data, response, token);
        return Task.CompletedTask;
    }

    public Task EditOriginalInteractionResponseAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.EditOriginal, applicationId, payload, extra: token);
        return Task.CompletedTask;
    }

    public Task CreateFollowupMessageAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken)
    {
        this.Record(RestOperations.CreateFollowup, applicationId, payload, extra: token);
        return Task.CompletedTask;
    }

    private void Record(string operation, string target, MessagePayload? payload = null, object? body = null, string? extra = null)
    {
        this.calls.Enqueue(new RestCall(Interlocked.Increment(ref this.sequence), operation, target, payload, body, extra));
        if (this.Failures.TryGetValue(operation, out var failure))
        {
            throw failure;
        }
    }
}
