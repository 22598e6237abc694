using AskBot.Core.Answering;
using AskBot.Core.Conversation;
using AskBot.Core.Retrieval;

namespace AskBot.Discord.Tests.Support;

/// <summary>An <see cref="IAskService"/> whose answers the test controls: optionally held at a gate, or failing.</summary>
public sealed class FakeAskService : IAskService
{
    private int calls;

    /// <summary>When set, every question waits for this before being answered.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every question throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Questions received so far.</summary>
    public int Calls => Volatile.Read(ref this.calls);

    /// <summary>A one-citation answer to <paramref name="question"/>.</summary>
    public static AskResult Answer(string question, string answer = "ISIS-K [1].", bool refused = false)
        => new(
            question,
            question,
            answer,
            refused,
            "Extractive",
            [],
            refused ? [] : [new Citation(1, "000_75d4ad7e9ff018e8", "A title", "Reuters", "Mon, March 25, 2024", "ISIS-K claimed it.", 0, 18, "000_75d4ad7e9ff018e8#0.0")],
            Array.Empty<RetrievedChunk>(),
            new AskTimings(1, 1, 2));

    public async Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref this.calls);
        if (this.Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (this.Failure is { } failure)
        {
            throw failure;
        }

        return Answer(question);
    }
}
