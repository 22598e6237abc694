using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AskBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Feedback;

/// <summary>
/// Keeps answers and feedback clicks in the SQLite file <see cref="DiscordOptions.FeedbackDb"/>: table <c>answers</c>
/// (one row per posted answer, its citations as JSON) and table <c>votes</c> (one row per user per answer; a second
/// click replaces the first). The folder and schema are created on first use, not in the constructor; the database
/// runs in WAL mode so the exporter can read while the bot writes.
/// </summary>
public sealed partial class SqliteFeedbackStore : IFeedbackStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS answers (
            answer_id TEXT PRIMARY KEY,
            question TEXT NOT NULL,
            standalone_question TEXT NOT NULL,
            answer TEXT NOT NULL,
            refused INTEGER NOT NULL,
            citations TEXT NOT NULL,
            guild_id TEXT NULL,
            channel_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS votes (
            answer_id TEXT NOT NULL REFERENCES answers(answer_id),
            user_id TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (answer_id, user_id)
        );
        """;

    private static readonly JsonSerializerOptions CitationJson = new(JsonSerializerDefaults.Web);

    private readonly string path;
    private readonly ILogger<SqliteFeedbackStore> logger;
    private readonly SemaphoreSlim initGate = new(1, 1);
    private volatile bool initialized;

    public SqliteFeedbackStore(IOptions<DiscordOptions> options, ILogger<SqliteFeedbackStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.FeedbackDb);
        this.path = options.Value.FeedbackDb;
        this.logger = logger;
    }

    /// <inheritdoc/>
    public async Task SaveAnswerAsync(AnswerRecord answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        using var connection = await this.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO answers (answer_id, question, standalone_question, answer, refused, citations, guild_id, channel_id, user_id, created_at)
            VALUES ($id, $question, $standalone, $answer, $refused, $citations, $guild, $channel, $user, $created)
            ON CONFLICT (answer_id) DO UPDATE SET
                question = excluded.question, standalone_question = excluded.standalone_question, answer = excluded.answer,
                refused = excluded.refused, citations = excluded.citations, guild_id = excluded.guild_id,
                channel_id = excluded.channel_id, user_id = excluded.user_id, created_at = excluded.created_at;
            """;
        command.Parameters.AddWithValue("$id", answer.AnswerId);
        command.Parameters.AddWithValue("$question", answer.Question);
        command.Parameters.AddWithValue("$standalone", answer.StandaloneQuestion);
        command.Parameters.AddWithValue("$answer", answer.Answer);
        command.Parameters.AddWithValue("$refused", answer.Refused ? 1 : 0);
        command.Parameters.AddWithValue("$citations", JsonSerializer.Serialize(answer.Citations, CitationJson));
        command.Parameters.AddWithValue("$guild", (object?)answer.GuildId ?? DBNull.Value);
        command.Parameters.AddWithValue("$channel", answer.ChannelId);
        command.Parameters.AddWithValue("$user", answer.UserId);
        command.Parameters.AddWithValue("$created", Timestamp(answer.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> RecordVoteAsync(FeedbackVote vote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vote);
        using var connection = await this.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // The WHERE EXISTS makes a click on an unknown answer change nothing (0 rows), in one statement.
        command.CommandText = """
            INSERT INTO votes (answer_id, user_id, helpful, at)
            SELECT $id, $user, $helpful, $at WHERE EXISTS (SELECT 1 FROM answers WHERE answer_id = $id)
            ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at;
            """;
        command.Parameters.AddWithValue("$id", vote.AnswerId);
        command.Parameters.AddWithValue("$user", vote.UserId);
        command.Parameters.AddWithValue("$helpful", vote.Helpful ? 1 : 0);
        command.Parameters.AddWithValue("$at", Timestamp(vote.At));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<FeedbackEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await this.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.answer_id, a.question, a.standalone_question, a.answer, a.refused, a.citations,
                   a.guild_id, a.channel_id, a.user_id, a.created_at,
                   (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.answer_id AND v.helpful = 1),
                   (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.answer_id AND v.helpful = 0)
            FROM answers a
            ORDER BY a.created_at, a.rowid;
            """;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var citations = JsonSerializer.Deserialize<List<StoredCitation>>(reader.GetString(5), CitationJson) ?? [];
            var answer = new AnswerRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4) != 0,
                citations,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
            yield return new FeedbackEntry(answer, (int)reader.GetInt64(10), (int)reader.GetInt64(11));
        }
    }

    /// <inheritdoc/>
    public async Task<FeedbackPurgeResult> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!File.Exists(this.path))
        {
            return new FeedbackPurgeResult(0, 0);
        }

        using var connection = await this.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One transaction: a failure leaves every row in place, and a reader never sees votes whose answer is gone.
        // Votes go first because they reference their answer.
        using var transaction = connection.BeginTransaction();
        using var votes = connection.CreateCommand();
        votes.Transaction = transaction;
        votes.CommandText = """
            DELETE FROM votes
            WHERE at < $cutoff OR answer_id IN (SELECT answer_id FROM answers WHERE created_at < $cutoff);
            """;
        votes.Parameters.AddWithValue("$cutoff", Timestamp(cutoff));
        var deletedVotes = await votes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        using var answers = connection.CreateCommand();
        answers.Transaction = transaction;
        answers.CommandText = "DELETE FROM answers WHERE created_at < $cutoff;";
        answers.Parameters.AddWithValue("$cutoff", Timestamp(cutoff));
        var deletedAnswers = await answers.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        this.LogPurged(deletedAnswers, deletedVotes, Timestamp(cutoff));
        return new FeedbackPurgeResult(deletedAnswers, deletedVotes);
    }

    // UTC round-trip text sorts in time order, so ORDER BY created_at is chronological.
    private static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = this.path,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        try
        {
            if (!this.initialized)
            {
                await this.InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await this.initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(this.path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (this.initialized)
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            this.initialized = true;
            this.LogInitialized(Path.GetFullPath(this.path));
        }
        finally
        {
            this.initGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feedback database ready at {Path}")]
    private partial void LogInitialized(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Answers} answers and {Votes} votes stored before {Cutoff} from the feedback database")]
    private partial void LogPurged(int answers, int votes, string cutoff);
}
