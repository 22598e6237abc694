namespace AskBot.Core.Storage;

/// <summary>
/// The ledger of one process: the most recent <see cref="Capacity"/> keys, oldest forgotten first. Enough for gateway
/// replays after a resume; a restart or a second process needs a shared store (<see cref="StorageProviders.Postgres"/>).
/// </summary>
public sealed class InMemoryEventLedger : IProcessedEventLedger
{
    /// <summary>Keys remembered by default: far more than can be replayed after a resume.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    public InMemoryEventLedger(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.Capacity = capacity;
    }

    /// <summary>Most keys remembered.</summary>
    public int Capacity { get; }

    /// <summary>Keys remembered now.</summary>
    public int Count
    {
        get
        {
            lock (this.gate)
            {
                return this.keys.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string eventKey, CancellationToken cancellationToken) => Task.FromResult(this.TryClaim(eventKey));

    /// <summary>True the first time <paramref name="eventKey"/> is seen, false for a repeat (while it is remembered).</summary>
    public bool TryClaim(string eventKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        lock (this.gate)
        {
            if (!this.keys.Add(eventKey))
            {
                return false;
            }

            this.order.Enqueue(eventKey);
            if (this.order.Count > this.Capacity)
            {
                this.keys.Remove(this.order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>True when <paramref name="eventKey"/> is remembered.</summary>
    public bool Contains(string eventKey)
    {
        lock (this.gate)
        {
            return this.keys.Contains(eventKey);
        }
    }
}
