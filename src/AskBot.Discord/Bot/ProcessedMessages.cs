using AskBot.Core.Storage;

namespace AskBot.Discord.Bot;

/// <summary>
/// Ids the bot has seen in this process, e.g. its own posted messages (a reply in a thread must not be taken for a
/// question). Remembers the most recent <see cref="Capacity"/> ids; thread-safe. Events that must be answered once
/// across restarts and processes go through the <see cref="IProcessedEventLedger"/> instead.
/// </summary>
public sealed class ProcessedMessages
{
    /// <summary>Ids remembered by default.</summary>
    public const int DefaultCapacity = InMemoryEventLedger.DefaultCapacity;

    private readonly InMemoryEventLedger ids;

    /// <summary>Remembers the last <see cref="DefaultCapacity"/> ids.</summary>
    public ProcessedMessages()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Remembers the last <paramref name="capacity"/> ids.</summary>
    public ProcessedMessages(int capacity) => this.ids = new InMemoryEventLedger(capacity);

    /// <summary>Most ids remembered; the oldest is forgotten first.</summary>
    public int Capacity => this.ids.Capacity;

    /// <summary>Ids remembered now (never more than <see cref="Capacity"/>).</summary>
    public int Count => this.ids.Count;

    /// <summary>True the first time <paramref name="id"/> is seen (the caller handles it), false for a repeat.</summary>
    public bool TryBegin(string id) => this.ids.TryClaim(id);

    /// <summary>True when <paramref name="id"/> is remembered.</summary>
    public bool Contains(string id) => this.ids.Contains(id);
}
