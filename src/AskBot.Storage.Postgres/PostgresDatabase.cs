using AskBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AskBot.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: one pooled data source per process, and the schema created and migrated on first use.
/// Migrations run in one transaction under an advisory lock, so processes starting together migrate once and in order;
/// <c>askbot_schema_version</c> records which have run.
/// </summary>
internal sealed partial class PostgresDatabase : IAsyncDisposable
{
    // Any fixed number: the lock only has to be the same in every AskBot process.
    private const long MigrationLockKey = 0x41736B426F74;

    /// <summary>Each migration once, in order; append new ones, never edit one that has shipped.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE answers (
            answer_id text PRIMARY KEY,
            question text NOT NULL,
            standalone_question text NOT NULL,
            answer text NOT NULL,
            refused boolean NOT NULL,
            citations jsonb NOT NULL,
            guild_id text NULL,
            channel_id text NOT NULL,
            user_id text NOT NULL,
            created_at timestamptz NOT NULL,
            seq bigserial NOT NULL
        );
        CREATE INDEX answers_created_at ON answers (created_at, seq);
        CREATE TABLE votes (
            answer_id text NOT NULL REFERENCES answers (answer_id) ON DELETE CASCADE,
            user_id text NOT NULL,
            helpful boolean NOT NULL,
            at timestamptz NOT NULL,
            PRIMARY KEY (answer_id, user_id)
        );
        CREATE TABLE processed_events (
            event_key text PRIMARY KEY,
            claimed_at timestamptz NOT NULL
        );
        CREATE INDEX processed_events_claimed_at ON processed_events (claimed_at);
        CREATE TABLE conversation_turns (
            id bigserial PRIMARY KEY,
            conversation_key text NOT NULL,
            question text NOT NULL,
            standalone_question text NOT NULL,
            answer text NOT NULL,
            refused boolean NOT NULL,
            at timestamptz NOT NULL
        );
        CREATE INDEX conversation_turns_key ON conversation_turns (conversation_key, id);
        CREATE INDEX conversation_turns_at ON conversation_turns (at);
        """,
    ];

    private readonly Lazy<NpgsqlDataSource> dataSource;
    private readonly ILogger<PostgresDatabase> logger;
    private readonly SemaphoreSlim migrateGate = new(1, 1);
    private volatile bool migrated;

    public PostgresDatabase(IOptions<StorageOptions> options, ILogger<PostgresDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var connectionString = options.Value.ConnectionString;
        this.logger = logger;

        // Built on first use: creating a data source opens nothing, but the constructor stays free of any I/O setup.
        this.dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(connectionString
            ?? throw new InvalidOperationException($"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)} is not set.")));
    }

    /// <summary>The newest schema version this build creates.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <summary>An open connection to a migrated database.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!this.migrated)
        {
            await this.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await this.dataSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or migrates the schema (idempotent; safe when several processes start at once).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await this.migrateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.migrated)
            {
                return;
            }

            using var connection = await this.dataSource.Value.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key); CREATE TABLE IF NOT EXISTS askbot_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", connection, transaction))
            {
                command.Parameters.AddWithValue("key", MigrationLockKey);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            int current;
            using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM askbot_schema_version;", connection, transaction))
            {
                current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (current > Migrations.Length)
            {
                throw new InvalidOperationException(
                    $"The database schema is version {current}, newer than this AskBot's {Migrations.Length}; upgrade AskBot.");
            }

            for (var version = current + 1; version <= Migrations.Length; version++)
            {
                using var migrate = new NpgsqlCommand(Migrations[version - 1] + "\nINSERT INTO askbot_schema_version (version) VALUES (@version);", connection, transaction);
                migrate.Parameters.AddWithValue("version", version);
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            this.migrated = true;
            this.LogMigrated(current, Migrations.Length);
        }
        finally
        {
            this.migrateGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (this.dataSource.IsValueCreated)
        {
            await this.dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }

        this.migrateGate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema at version {Version} (was {Previous})")]
    private partial void LogMigrated(int previous, int version);
}
