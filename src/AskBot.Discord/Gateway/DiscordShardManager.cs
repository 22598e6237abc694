using System.Threading.Channels;
using AskBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Gateway;

/// <summary>
/// Runs the shards of this process (<c>AskBot:Discord:ShardCount</c>, <c>ShardIds</c>) as one gateway for the bot: each
/// shard is its own connection with its own session, resume and reconnect backoff, so a shard that fails reconnects
/// alone; identifies are paced by Discord's <c>max_concurrency</c>. All shards write into the same event channel.
/// One unsharded connection when the bot has a single shard.
/// </summary>
public sealed partial class DiscordShardManager : IDiscordGateway
{
    private readonly DiscordGatewayClient client;
    private readonly IDiscordRestClient rest;
    private readonly DiscordOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<DiscordShardManager> logger;

    public DiscordShardManager(
        DiscordGatewayClient client,
        IDiscordRestClient rest,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordShardManager> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.client = client;
        this.rest = rest;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task RunAsync(ChannelWriter<GatewayEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (string.IsNullOrWhiteSpace(this.options.Token))
        {
            // The unsharded client says what is missing; it never connects without a token.
            await this.client.RunAsync(events, cancellationToken).ConfigureAwait(false);
            return;
        }

        var info = await this.rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        var shards = ShardPlan.Resolve(this.options, info.Shards);
        if (shards is [{ Count: 1 }])
        {
            await this.client.RunShardAsync(events, info, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pacer = new IdentifyPacer(info.SessionStartLimit?.MaxConcurrency ?? 1, this.time);
        this.LogRunning(string.Join(",", shards.Select(s => s.Id)), shards[0].Count, pacer.Buckets);
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = shards.Select(shard => this.RunShardAsync(events, info, shard, pacer, stopAll)).ToList();
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    // A shard's reconnects are its own; only a fatal end (bad token, refused intents, identify budget) stops them all,
    // since every other shard would meet the same.
    private async Task RunShardAsync(ChannelWriter<GatewayEvent> events, Models.GatewayBotInfo info, ShardInfo shard, IdentifyPacer pacer, CancellationTokenSource stopAll)
    {
        try
        {
            await this.client.RunShardAsync(events, info, shard, pacer, stopAll.Token).ConfigureAwait(false);
        }
        catch (Exception) when (!stopAll.IsCancellationRequested)
        {
            await stopAll.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Running shards {ShardIds} of {ShardCount} ({Buckets} identify buckets)")]
    private partial void LogRunning(string shardIds, int shardCount, int buckets);
}
