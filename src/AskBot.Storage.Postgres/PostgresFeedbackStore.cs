using System.Runtime.CompilerServices;
using System.Text.Json;
using AskBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AskBot.Storage.Postgres;

/// <summary>
/// Answers and feedback clicks in the shared database: table <c>answers</c> (one row per posted answer, its citations as
/// JSON) and <c>votes</c> (one row per user per answer; a second click replaces the first), as the SQLite store keeps them.
/// </summary>
internal sealed partial class PostgresFeedbackStore(PostgresDatabase database, ILogger<PostgresFeedbackStore> logger) : IFeedbackStore
{
    private static readonly JsonSerializerOptions CitationJson = new(JsonSerializerDefaults.Web);

    public async Task SaveAnswerAsync(AnswerRecord answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = new NpgsqlCommand(
            """
            INSERT INTO answers (answer_id, question, standalone_question, answer, refused, citations, guild_id, channel_id, user_id, created_at)
            VALUES (@id, @question, @standalone, @answer, @refused, @citations, @guild, @channel, @user, @created)
            ON CONFLICT (answer_id) DO UPDATE SET
                question = excluded.question, standalone_question = excluded.standalone_question, answer = excluded.answer,
                refused = excluded.refused, citations = excluded.citations, guild_id = excluded.guild_id,
                channel_id = excluded.channel_id, user_id = excluded.user_id, created_at = excluded.created_at;
            """,
            connection);
        command.Parameters.AddWithValue("id", answer.AnswerId);
        command.Parameters.AddWithValue("question", answer.Question);
        command.Parameters.AddWithValue("standalone", answer.StandaloneQuestion);
        command.Parameters.AddWithValue("answer", answer.Answer);
        command.Parameters.AddWithValue("refused", answer.Refused);
        command.Parameters.AddWithValue("citations", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(answer.Citations, CitationJson));
        command.Parameters.AddWithValue("guild", (object?)answer.GuildId ?? DBNull.Value);
        command.Parameters.AddWithValue("channel", answer.ChannelId);
        command.Parameters.AddWithValue("user", answer.UserId);
        command.Parameters.AddWithValue("created", answer.CreatedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RecordVoteAsync(FeedbackVote vote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vote);
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // The WHERE EXISTS makes a click on an unknown answer change nothing (0 rows), in one statement.
        using var command = new NpgsqlCommand(
            """
            INSERT INTO votes (answer_id, user_id, helpful, at)
            SELECT @id, @user, @helpful, @at WHERE EXISTS (SELECT 1 FROM answers WHERE answer_id = @id)
            ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at;
            """,
            connection);
        command.Parameters.AddWithValue("id", vote.AnswerId);
        command.Parameters.AddWithValue("user", vote.UserId);
        command.Parameters.AddWithValue("helpful", vote.Helpful);
        command.Parameters.AddWithValue("at", vote.At.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async IAsyncEnumerable<FeedbackEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = new NpgsqlCommand(
            """
            SELECT a.answer_id, a.question, a.standalone_question, a.answer, a.refused, a.citations::text,
                   a.guild_id, a.channel_id, a.user_id, a.created_at,
                   (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.answer_id AND v.helpful),
                   (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.answer_id AND NOT v.helpful)
            FROM answers a
            ORDER BY a.created_at, a.seq;
            """,
            connection);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var citations = JsonSerializer.Deserialize<List<StoredCitation>>(reader.GetString(5), CitationJson) ?? [];
            var answer = new AnswerRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetBoolean(4),
                citations,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                new DateTimeOffset(reader.GetDateTime(9), TimeSpan.Zero));
            yield return new FeedbackEntry(answer, (int)reader.GetInt64(10), (int)reader.GetInt64(11));
        }
    }

    public async Task<FeedbackPurgeResult> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One transaction: a failure leaves every row in place, and a reader never sees votes whose answer is gone.
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var votes = new NpgsqlCommand(
            "DELETE FROM votes WHERE at < @cutoff OR answer_id IN (SELECT answer_id FROM answers WHERE created_at < @cutoff);",
            connection,
            transaction);
        votes.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        var deletedVotes = await votes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        using var answers = new NpgsqlCommand("DELETE FROM answers WHERE created_at < @cutoff;", connection, transaction);
        answers.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        var deletedAnswers = await answers.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        this.LogPurged(deletedAnswers, deletedVotes);
        return new FeedbackPurgeResult(deletedAnswers, deletedVotes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Answers} answers and {Votes} votes from the PostgreSQL feedback tables")]
    private partial void LogPurged(int answers, int votes);
}
