namespace AskBot.Core.Storage;

/// <summary>A cited source of a stored answer.</summary>
public sealed record StoredCitation(int N, string DocId, string? Title, string Quote, int Start, int End);

/// <summary>An answer the bot posted, kept so a later click can be tied to its question, answer and citations.</summary>
public sealed record AnswerRecord(
    string AnswerId,
    string Question,
    string StandaloneQuestion,
    string Answer,
    bool Refused,
    IReadOnlyList<StoredCitation> Citations,
    string? GuildId,
    string ChannelId,
    string UserId,
    DateTimeOffset CreatedAt);

/// <summary>A Helpful / Not helpful click.</summary>
public sealed record FeedbackVote(string AnswerId, string UserId, bool Helpful, DateTimeOffset At);

/// <summary>An answer with its votes, for export.</summary>
public sealed record FeedbackEntry(AnswerRecord Answer, int HelpfulVotes, int UnhelpfulVotes);

/// <summary>What one purge deleted: answers (each with its question, answer text and citations) and votes.</summary>
public sealed record FeedbackPurgeResult(int Answers, int Votes);

/// <summary>
/// Where answers and feedback clicks are kept: the SQLite file <c>AskBot:Discord:FeedbackDb</c> by default, PostgreSQL
/// with <c>AskBot:Storage:Provider=Postgres</c>.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Stores an answer the bot posted.</summary>
    Task SaveAnswerAsync(AnswerRecord answer, CancellationToken cancellationToken);

    /// <summary>Stores a click (one vote per user per answer; a second click replaces the first). False when the answer is unknown.</summary>
    Task<bool> RecordVoteAsync(FeedbackVote vote, CancellationToken cancellationToken);

    /// <summary>Every stored answer with its votes, oldest first.</summary>
    IAsyncEnumerable<FeedbackEntry> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes, in one transaction, every answer stored before <paramref name="cutoff"/> with all its votes, and every
    /// vote cast before it. A store that holds nothing yet is left as it is (nothing is created).
    /// </summary>
    Task<FeedbackPurgeResult> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
