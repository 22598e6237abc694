using AskBot.Discord.Models;
using AskBot.Discord.Rest;

namespace AskBot.Discord.Tests.Gateway;

/// <summary>Answers only <c>GET /gateway/bot</c>, with a fixed answer or a fixed error.</summary>
internal sealed class StubRestClient : IDiscordRestClient
{
    private int gatewayBotCalls;

    public StubRestClient(GatewayBotInfo? info = null, Exception? error = null)
    {
        this.Info = info;
        this.Error = error;
    }

    public GatewayBotInfo? Info { get; set; }

    public Exception? Error { get; set; }

    public int GatewayBotCalls => Volatile.Read(ref this.gatewayBotCalls);

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref this.gatewayBotCalls);
        if (this.Error is not null)
        {
            return Task.FromException<GatewayBotInfo>(this.Error);
        }

        return Task.FromResult(this.Info ?? throw new InvalidOperationException("No gateway info configured."));
    }

    public Task<CreatedMessage> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> StartThreadFromMessageAsync(string channelId, string messageId, StartThreadPayload payload, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task AddOwnReactionAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task OverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task CreateInteractionResponseAsync(string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task EditOriginalInteractionResponseAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task CreateFollowupMessageAsync(string applicationId, string token, MessagePayload payload, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
