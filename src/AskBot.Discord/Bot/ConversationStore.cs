using AskBot.Core.Conversation;

namespace AskBot.Discord.Bot;

/// <summary>
/// Conversation history per conversation key: a DM channel id, a thread id (shared by everyone in the thread), or
/// <see cref="UserInChannel"/> for answers posted in a channel and for <c>/ask</c>, so one person's follow-up is never
/// read against someone else's question. Each history keeps its last <c>maxTurns</c> turns and is forgotten once no
/// turn was added to it for the time to live; at most <see cref="Capacity"/> histories are kept, the least recently
/// used forgotten first. Separately, and for longer, it remembers which threads and DMs the bot answers in without a
/// mention (and the parent channel of threads it started): forgetting a history must not make the bot deaf in its own
/// thread. Thread-safe.
/// </summary>
public sealed class ConversationStore
{
    /// <summary>Conversations kept by default.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Threads and DMs remembered per history kept: a channel costs a few dozen bytes, a history kilobytes.</summary>
    private const int FollowUpChannelsPerConversation = 10;

    private readonly int maxTurns;
    private readonly TimeSpan? timeToLive;
    private readonly TimeProvider time;
    private readonly RecencyMap<Entry> histories = new();
    private readonly RecencyMap<FollowUpChannel> followUps = new();
    private readonly Lock gate = new();

    /// <summary>
    /// Keeps <paramref name="maxTurns"/> turns per conversation and at most <paramref name="capacity"/> histories (and ten
    /// times as many threads and DMs to answer in); a history expires <paramref name="timeToLive"/> after its last turn
    /// (never when null), as told by <paramref name="time"/>.
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
        this.FollowUpCapacity = (int)Math.Min(int.MaxValue, (long)capacity * FollowUpChannelsPerConversation);
        this.timeToLive = timeToLive;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Most histories kept.</summary>
    public int Capacity { get; }

    /// <summary>Most threads and DMs remembered as places the bot answers in without a mention.</summary>
    public int FollowUpCapacity { get; }

    /// <summary>Histories currently kept.</summary>
    public int Count
    {
        get
        {
            lock (this.gate)
            {
                return this.histories.Count;
            }
        }
    }

    /// <summary>Threads and DMs currently remembered (for checks that memory stays bounded).</summary>
    internal int FollowUpCount
    {
        get
        {
            lock (this.gate)
            {
                return this.followUps.Count;
            }
        }
    }

    /// <summary>Turns in the longest history kept (for checks that memory stays bounded).</summary>
    internal int LongestHistory
    {
        get
        {
            lock (this.gate)
            {
                return this.histories.Values.Select(entry => entry.History.Turns.Count).DefaultIfEmpty(0).Max();
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
            if (!this.histories.TryTouch(key, out var entry))
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
            if (!this.histories.TryTouch(key, out var entry))
            {
                entry = new Entry();
                this.histories.AddFirst(key, entry);
                this.PruneExpired();
                this.histories.TrimTo(this.Capacity);
            }

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
            return this.histories.Remove(key, out var entry) && entry.History.Turns.Count > 0;
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
            if (this.followUps.TryTouch(key, out var channel))
            {
                channel.ParentChannelId ??= parentChannelId;
                return;
            }

            this.followUps.AddFirst(key, new FollowUpChannel { ParentChannelId = parentChannelId });
            this.followUps.TrimTo(this.FollowUpCapacity);
        }
    }

    /// <summary>True when <paramref name="key"/> is a thread or DM the bot answers in without a mention.</summary>
    public bool AcceptsFollowUps(string key)
    {
        lock (this.gate)
        {
            // A question there is activity: the channels people keep using are the last to be forgotten.
            return this.followUps.TryTouch(key, out _);
        }
    }

    /// <summary>The channel a thread the bot started was started in; null when unknown.</summary>
    public string? ParentChannel(string key)
    {
        lock (this.gate)
        {
            return this.followUps.TryGet(key, out var channel) ? channel.ParentChannelId : null;
        }
    }

    private void ForgetIfExpired(Entry entry)
    {
        // Only the last turn counts as activity: reading the history must not keep it alive.
        if (this.timeToLive is { } ttl
            && entry.History.Turns.Count > 0
            && this.time.GetUtcNow() - entry.LastTurnAt >= ttl)
        {
            entry.History = ConversationHistory.Empty;
        }
    }

    /// <summary>
    /// Frees the least recently used histories that expired, so an idle store shrinks instead of waiting for the bound;
    /// stops at the first that is still alive, which keeps each call cheap.
    /// </summary>
    private void PruneExpired()
    {
        if (this.timeToLive is not { } ttl)
        {
            return;
        }

        var now = this.time.GetUtcNow();
        while (this.histories.Count > 1 && this.histories.Oldest is { } oldest && now - oldest.LastTurnAt >= ttl)
        {
            this.histories.TrimTo(this.histories.Count - 1);
        }
    }

    private sealed class Entry
    {
        public ConversationHistory History { get; set; } = ConversationHistory.Empty;

        public DateTimeOffset LastTurnAt { get; set; }
    }

    private sealed class FollowUpChannel
    {
        public string? ParentChannelId { get; set; }
    }

    /// <summary>A dictionary that also knows which key was used least recently. Not thread-safe: the store locks.</summary>
    private sealed class RecencyMap<TValue>
        where TValue : class
    {
        private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> nodes = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Key, TValue Value)> recency = new();

        public int Count => this.nodes.Count;

        public IEnumerable<TValue> Values => this.recency.Select(item => item.Value);

        public TValue? Oldest => this.recency.Last?.Value.Value;

        public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value)
        {
            value = this.nodes.TryGetValue(key, out var node) ? node.Value.Value : null;
            return value is not null;
        }

        public bool TryTouch(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value)
        {
            if (!this.nodes.TryGetValue(key, out var node))
            {
                value = null;
                return false;
            }

            this.recency.Remove(node);
            this.recency.AddFirst(node);
            value = node.Value.Value;
            return true;
        }

        public void AddFirst(string key, TValue value) => this.nodes.Add(key, this.recency.AddFirst((key, value)));

        public bool Remove(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value)
        {
            if (!this.nodes.Remove(key, out var node))
            {
                value = null;
                return false;
            }

            this.recency.Remove(node);
            value = node.Value.Value;
            return true;
        }

        public void TrimTo(int count)
        {
            while (this.nodes.Count > count && this.recency.Last is { } oldest)
            {
                this.recency.RemoveLast();
                this.nodes.Remove(oldest.Value.Key);
            }
        }
    }
}
