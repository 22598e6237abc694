namespace AskBot.Discord.Bot;

/// <summary>
/// Ids already handled (message and interaction ids), so an event the gateway delivers twice (replay after a
/// resume) is answered once. Remembers the most recent <see cref="Capacity"/> ids; thread-safe.
/// </summary>
public sealed class ProcessedMessages
{
    /// <summary>Ids remembered by default: far more than can be replayed after a resume.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    /// <summary>Remembers the last <see cref="DefaultCapacity"/> ids.</summary>
    public ProcessedMessages()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Remembers the last <paramref name="capacity"/> ids.</summary>
    public ProcessedMessages(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.Capacity = capacity;
    }

    /// <summary>Most ids remembered; the oldest is forgotten first.</summary>
    public int Capacity { get; }

    /// <summary>Ids remembered now (never more than <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (this.gate)
            {
                return this.ids.Count;
            }
        }
    }

    /// <summary>True the first time <paramref name="id"/> is seen (the caller handles it), false for a repeat.</summary>
    public bool TryBegin(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (this.gate)
        {
            if (!this.ids.Add(id))
            {
                return false;
            }

            this.order.Enqueue(id);
            if (this.order.Count > this.Capacity)
            {
                this.ids.Remove(this.order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>True when <paramref name="id"/> is remembered.</summary>
    public bool Contains(string id)
    {
        lock (this.gate)
        {
            return this.ids.Contains(id);
        }
    }
}
