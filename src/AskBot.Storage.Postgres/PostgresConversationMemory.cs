using AskBot.Core.Conversation;
using AskBot.Core.Storage;
using Npgsql;

namespace AskBot.Storage.Postgres;

/// <summary>
/// Conversation turns in the shared database, so a follow-up is understood by whichever process receives it and after a
/// restart. A conversation keeps its newest turns only, and expired turns are neither read nor kept.
/// </summary>
internal sealed class PostgresConversationMemory(PostgresDatabase database, TimeProvider time) : IConversationMemory
{
    public async Task<ConversationHistory> LoadAsync(string conversationKey, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationKey);
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = new NpgsqlCommand(
            """
            SELECT question, standalone_question, answer, refused FROM conversation_turns
            WHERE conversation_key = @key AND at >= @since
            ORDER BY id;
            """,
            connection);
        command.Parameters.AddWithValue("key", conversationKey);
        command.Parameters.AddWithValue("since", time.GetUtcNow() - timeToLive);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var history = ConversationHistory.Empty;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history = history.Append(new ConversationTurn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
        }

        return history;
    }

    public async Task AppendAsync(string conversationKey, ConversationTurn turn, int maxTurns, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationKey);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTurns, 1);
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();

        // Insert, trim to the newest turns and drop expired ones in one round trip and one transaction.
        using var command = new NpgsqlCommand(
            """
            INSERT INTO conversation_turns (conversation_key, question, standalone_question, answer, refused, at)
            VALUES (@key, @question, @standalone, @answer, @refused, @at);
            DELETE FROM conversation_turns
            WHERE conversation_key = @key AND id NOT IN (
                SELECT id FROM conversation_turns WHERE conversation_key = @key ORDER BY id DESC LIMIT @max);
            DELETE FROM conversation_turns WHERE at < @expired;
            """,
            connection);
        command.Parameters.AddWithValue("key", conversationKey);
        command.Parameters.AddWithValue("question", turn.Question);
        command.Parameters.AddWithValue("standalone", turn.StandaloneQuestion);
        command.Parameters.AddWithValue("answer", turn.Answer);
        command.Parameters.AddWithValue("refused", turn.Refused);
        command.Parameters.AddWithValue("at", now);
        command.Parameters.AddWithValue("max", maxTurns);
        command.Parameters.AddWithValue("expired", now - timeToLive);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ClearAsync(string conversationKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationKey);
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = new NpgsqlCommand("DELETE FROM conversation_turns WHERE conversation_key = @key;", connection);
        command.Parameters.AddWithValue("key", conversationKey);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
