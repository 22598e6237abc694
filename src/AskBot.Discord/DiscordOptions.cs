using System.ComponentModel.DataAnnotations;
using AskBot.Discord.Gateway;

namespace AskBot.Discord;

/// <summary>Settings of the <c>AskBot:Discord</c> section. The token comes only from <c>AskBot__Discord__Token</c> or user secrets.</summary>
public sealed class DiscordOptions : IValidatableObject
{
    public const string SectionName = "AskBot:Discord";

    /// <summary>Bot token. Never logged, never in output; checked when the bot starts, not at host build, so other commands run without it.</summary>
    public string? Token { get; set; }

    /// <summary>REST base URL; the gateway URL is read from <c>GET {ApiBaseUrl}/gateway/bot</c>, so a local fake runs the whole adapter.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10");

    /// <summary>Gateway intents: GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT = 37377.</summary>
    [Range(0, int.MaxValue)]
    public int Intents { get; set; } = 37377;

    /// <summary>Time allowed for one REST request.</summary>
    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>Retries of a REST request after 429, 502/5xx or a timeout.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First wait before a gateway reconnect; doubles (with jitter) on each failure up to <see cref="MaxReconnectDelaySeconds"/>.</summary>
    [Range(0.001, 600)]
    public double InitialReconnectDelaySeconds { get; set; } = 1;

    /// <summary>Longest wait between gateway reconnect attempts.</summary>
    [Range(0.001, 600)]
    public double MaxReconnectDelaySeconds { get; set; } = 60;

    /// <summary>Shortest and longest wait after op 9 (Invalid Session) before identifying again.</summary>
    [Range(0, 60)]
    public double InvalidSessionMinDelaySeconds { get; set; } = 1;

    /// <summary>See <see cref="InvalidSessionMinDelaySeconds"/>.</summary>
    [Range(0, 60)]
    public double InvalidSessionMaxDelaySeconds { get; set; } = 5;

    /// <summary>READY (or RESUMED) must arrive this soon after Identify (or Resume), or the connection is dropped.</summary>
    [Range(0.01, 600)]
    public double ReadyTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Largest gateway message read, in bytes (default 4 MiB); a bigger one is treated as a broken connection (close and
    /// resume), so a faulty or hostile server cannot make the bot buffer without limit.
    /// </summary>
    [Range(65_536, 1_073_741_824)]
    public int MaxGatewayMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most identifies one run may send; far below Discord's 1000 a day so a reconnect storm can never reset the token.</summary>
    [Range(1, 1000)]
    public int MaxIdentifiesPerRun { get; set; } = 50;

    /// <summary>
    /// How many shards the bot's guilds are split over: <c>auto</c> takes the number Discord recommends
    /// (<c>GET /gateway/bot</c>), a number fixes it (every process of the bot must use the same). Discord requires
    /// sharding from 2,500 guilds.
    /// </summary>
    public string ShardCount { get; set; } = "auto";

    /// <summary>
    /// The shards this process runs, comma-separated ids or ranges (<c>0,1</c>, <c>2-3</c>); empty runs all of them. Split
    /// the ids over several processes to spread a large bot; each guild's events arrive on one shard only.
    /// </summary>
    public string? ShardIds { get; set; }

    /// <summary>Guild ids the bot answers in; empty means every guild it is in.</summary>
    public IList<string> AllowedGuildIds { get; } = [];

    /// <summary>Channel ids (or thread parent ids) the bot answers in; empty means every channel.</summary>
    public IList<string> AllowedChannelIds { get; } = [];

    /// <summary>Questions one user may ask per <see cref="UserRateLimitWindowSeconds"/>.</summary>
    [Range(1, 10000)]
    public int UserRateLimitCount { get; set; } = 5;

    /// <summary>Window of the per-user rate limit.</summary>
    [Range(1, 86400)]
    public int UserRateLimitWindowSeconds { get; set; } = 60;

    /// <summary>Answer a channel mention in a new thread started from the question (falls back to a reply where threads are unavailable).</summary>
    public bool AnswerInThreads { get; set; } = true;

    /// <summary>Register <c>/ask</c> and <c>/reset</c> in this guild only (instant, for testing); null registers them globally.</summary>
    public string? CommandGuildId { get; set; }

    /// <summary>Turns of history kept per conversation (a DM, a thread, or one user's in a channel).</summary>
    [Range(0, 100)]
    public int MaxHistoryTurns { get; set; } = 10;

    /// <summary>Conversations remembered at once; beyond it the least recently used is forgotten.</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Minutes without a new question after which a conversation is forgotten and a follow-up is read as a fresh question.</summary>
    [Range(1, 10_080)]
    public int ConversationTtlMinutes { get; set; } = 60;

    /// <summary>Questions answered at once; further ones wait.</summary>
    [Range(1, 64)]
    public int MaxConcurrentQuestions { get; set; } = 4;

    /// <summary>
    /// Put the question's text in the one log line written per answered question. Off by default: questions are
    /// users' words, and the line's ids, latency and outcome are enough to follow an answer.
    /// </summary>
    public bool LogQuestionText { get; set; }

    /// <summary>SQLite file where answers and Helpful / Not helpful clicks are stored.</summary>
    [Required]
    public string FeedbackDb { get; set; } = ".askbot/feedback.db";

    /// <summary>
    /// Days an answer and its votes stay in <see cref="FeedbackDb"/>; older ones are deleted when the bot starts and once a
    /// day while it runs (<c>askbot feedback purge</c> deletes them on demand).
    /// </summary>
    [Range(1, 3650)]
    public int FeedbackRetentionDays { get; set; } = 90;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Ranges alone would accept a minimum above its maximum, which the delay arithmetic can't honour.
        if (this.InvalidSessionMinDelaySeconds > this.InvalidSessionMaxDelaySeconds)
        {
            yield return new ValidationResult(
                "must not exceed InvalidSessionMaxDelaySeconds.",
                [nameof(this.InvalidSessionMinDelaySeconds)]);
        }

        if (this.InitialReconnectDelaySeconds > this.MaxReconnectDelaySeconds)
        {
            yield return new ValidationResult(
                "must not exceed MaxReconnectDelaySeconds.",
                [nameof(this.InitialReconnectDelaySeconds)]);
        }

        if (!ShardPlan.TryParseCount(this.ShardCount, out var count))
        {
            yield return new ValidationResult(
                $"is '{this.ShardCount}'; use auto or a whole number from 1.",
                [nameof(this.ShardCount)]);
        }
        else if (!ShardPlan.TryParseIds(this.ShardIds, out var ids))
        {
            yield return new ValidationResult(
                $"is '{this.ShardIds}'; use shard ids or ranges separated by commas, e.g. 0,1 or 2-3.",
                [nameof(this.ShardIds)]);
        }
        else if (count is int fixedCount && ids.Count > 0 && ids[^1] >= fixedCount)
        {
            yield return new ValidationResult(
                $"names shard {ids[^1]}, but ShardCount is {fixedCount} (ids run from 0 to {fixedCount - 1}).",
                [nameof(this.ShardIds)]);
        }
    }
}
