using AskBot.Core.Conversation;

namespace AskBot.Discord.Bot;

/// <summary>
/// Conversation history per conversation key: a DM channel id, a thread id, or (for answers posted in a channel)
/// the channel id. Each history keeps its last <c>MaxHistoryTurns</c> turns; at most <see cref="Capacity"/>
/// conversations are kept, the least recently used forgotten first. Also remembers which conversations are
/// threads or DMs the bot answers in without a mention, and the parent channel of threads it started. Thread-safe.
/// </summary>
public sealed class ConversationStore
{
    /// <summary>Conversations kept by default.</summary>
    public const int DefaultCapacity = 1_000;

    private readonly int maxTurns;
    private readonly Dictionary<string, LinkedListNode<Entry>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> recency = new();
    private readonly Lock gate = new();

    /// <summary>Keeps <paramref name="maxTurns"/> turns per conversation and at most <paramref name="capacity"/> conversations.</summary>
    public ConversationStore(int maxTurns, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTurns);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.maxTurns = maxTurns;
        this.Capacity = capacity;
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

    /// <summary>The history of <paramref name="key"/> (empty when unknown).</summary>
    public ConversationHistory History(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (this.gate)
        {
            return this.Touch(key, create: false)?.History ?? ConversationHistory.Empty;
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
            var turns = entry.History.Turns.Add(turn);
            if (turns.Count > this.maxTurns)
            {
                turns = turns.RemoveRange(0, turns.Count - this.maxTurns);
            }

            entry.History = new ConversationHistory(turns);
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
        if (this.entries.Count > this.Capacity)
        {
            var oldest = this.recency.Last!;
            this.recency.RemoveLast();
            this.entries.Remove(oldest.Value.Key);
        }

        return node.Value;
    }

    private sealed class Entry(string key)
    {
        public string Key { get; } = key;

        public ConversationHistory History { get; set; } = ConversationHistory.Empty;

        public bool FollowUps { get; set; }

        public string? ParentChannelId { get; set; }
    }
}
