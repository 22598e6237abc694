using AskBot.Core.Conversation;

namespace AskBot.Discord.Bot;

/// <summary>
/// Conversation history per conversation key: a DM channel id, a thread id (shared by everyone in the thread), or
/// <see cref="UserInChannel"/> for answers posted in a channel and for <c>/ask</c>, so one person's follow-up is never
/// read against someone else's question. Each history keeps its last <c>maxTurns</c> turns and is forgotten once no
/// turn was added to it for the time to live; at most <see cref="Capacity"/> conversations are kept, the least recently
/// used forgotten first. Also remembers which conversations are threads or DMs the bot answers in without a mention,
/// and the parent channel of threads it started. Thread-safe.
/// </summary>
public sealed class ConversationStore
{
    /// <summary>Conversations kept by default.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly int maxTurns;
    private readonly TimeSpan? timeToLive;
    private readonly TimeProvider time;
    private readonly Dictionary<string, LinkedListNode<Entry>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> recency = new();
    private readonly Lock gate = new();

    /// <summary>
    /// Keeps <paramref name="maxTurns"/> turns per conversation and at most <paramref name="capacity"/> conversations; a
    /// history expires <paramref name="timeToLive"/> after its last turn (never when null), as told by <paramref name="time"/>.
    /// </summary>
    public ConversationStore(int maxTurns, int capacity = DefaultCapacity, TimeSpan? timeToLive = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTurns);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (timeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(timeToLive));
        }

        this.maxTurns = maxTurns;
        this.Capacity = capacity;
        this.timeToLive = timeToLive;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Most conversations kept.</summary>
    public int Capacity { get; }

    /// <summary>Conversations currently kept.</summary>
    public int Count
    {
        get
        {
            lock (this.gate)
            {
                return this.entries.Count;
            }
        }
    }

    /// <summary>The key of <paramref name="userId"/>'s own conversation in channel <paramref name="channelId"/>.</summary>
    public static string UserInChannel(string userId, string channelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(channelId);

        // Discord ids are digits only, so a key with '/' can never be mistaken for a plain channel or thread id.
        return channelId + "/" + userId;
    }

    /// <summary>The history of <paramref name="key"/> (empty when unknown or expired).</summary>
    public ConversationHistory History(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (this.gate)
        {
            var entry = this.Touch(key, create: false);
            if (entry is null)
            {
                return ConversationHistory.Empty;
            }

            this.ForgetIfExpired(entry);
            return entry.History;
        }
    }

    /// <summary>Appends <paramref name="turn"/> to <paramref name="key"/>'s history, dropping the oldest turns beyond the limit.</summary>
    public void Append(string key, ConversationTurn turn)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(turn);
        lock (this.gate)
        {
            var entry = this.Touch(key, create: true)!;
            this.ForgetIfExpired(entry);
            var turns = entry.History.Turns.Add(turn);
            if (turns.Count > this.maxTurns)
            {
                turns = turns.RemoveRange(0, turns.Count - this.maxTurns);
            }

            entry.History = new ConversationHistory(turns);
            entry.LastTurnAt = this.time.GetUtcNow();
        }
    }

    /// <summary>
    /// Forgets <paramref name="key"/>'s history; true when it had one. A thread or DM stays one the bot answers in, so
    /// clearing the memory doesn't also make the bot deaf there.
    /// </summary>
    public bool Clear(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (this.gate)
        {
            if (!this.entries.TryGetValue(key, out var node))
            {
                return false;
            }

            var entry = node.Value;
            var had = entry.History.Turns.Count > 0;
            entry.History = ConversationHistory.Empty;
            if (!entry.FollowUps && entry.ParentChannelId is null)
            {
                this.recency.Remove(node);
                this.entries.Remove(key);
            }

            return had;
        }
    }

    /// <summary>
    /// Marks <paramref name="key"/> as a thread or DM the bot answers in, so later messages there are answered without a
    /// mention; <paramref name="parentChannelId"/> is the channel a thread was started in, when known.
    /// </summary>
    public void OpenFollowUps(string key, string? parentChannelId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (this.gate)
        {
            var entry = this.Touch(key, create: true)!;
            entry.FollowUps = true;
            entry.ParentChannelId ??= parentChannelId;
        }
    }

    /// <summary>True when <paramref name="key"/> is a thread or DM the bot answers in without a mention.</summary>
    public bool AcceptsFollowUps(string key)
    {
        lock (this.gate)
        {
            return this.entries.TryGetValue(key, out var node) && node.Value.FollowUps;
        }
    }

    /// <summary>The channel a thread the bot started was started in; null when unknown.</summary>
    public string? ParentChannel(string key)
    {
        lock (this.gate)
        {
            return this.entries.TryGetValue(key, out var node) ? node.Value.ParentChannelId : null;
        }
    }

    private void ForgetIfExpired(Entry entry)
    {
        // Only the last turn counts as activity: opening follow-ups or reading the history must not keep it alive.
        if (this.timeToLive is { } ttl
            && entry.History.Turns.Count > 0
            && this.time.GetUtcNow() - entry.LastTurnAt >= ttl)
        {
            entry.History = ConversationHistory.Empty;
        }
    }

    private Entry? Touch(string key, bool create)
    {
        if (this.entries.TryGetValue(key, out var node))
        {
            this.recency.Remove(node);
            this.recency.AddFirst(node);
            return node.Value;
        }

        if (!create)
        {
            return null;
        }

        node = this.recency.AddFirst(new Entry(key));
        this.entries.Add(key, node);
        this.PruneExpired();
        if (this.entries.Count > this.Capacity)
        {
            this.RemoveOldest();
        }

        return node.Value;
    }

    /// <summary>
    /// Frees the least recently used conversations that expired and hold nothing else, so an idle store shrinks instead
    /// of waiting for the bound; stops at the first that must stay, which keeps each call cheap.
    /// </summary>
    private void PruneExpired()
    {
        if (this.timeToLive is not { } ttl)
        {
            return;
        }

        var now = this.time.GetUtcNow();
        while (this.recency.Last is { } oldest
            && oldest != this.recency.First
            && !oldest.Value.FollowUps
            && oldest.Value.ParentChannelId is null
            && now - oldest.Value.LastTurnAt >= ttl)
        {
            this.RemoveOldest();
        }
    }

    private void RemoveOldest()
    {
        var oldest = this.recency.Last!;
        this.recency.RemoveLast();
        this.entries.Remove(oldest.Value.Key);
    }

    private sealed class Entry(string key)
    {
        public string Key { get; } = key;

        public ConversationHistory History { get; set; } = ConversationHistory.Empty;

        public DateTimeOffset LastTurnAt { get; set; }

        public bool FollowUps { get; set; }

        public string? ParentChannelId { get; set; }
    }
}
