using AskBot.Core.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AskBot.Storage.Postgres;

/// <summary>
/// The processed-event ledger every process shares: claiming is one <c>INSERT … ON CONFLICT DO NOTHING</c>, so of any
/// number of processes receiving the same event exactly one inserts the row and answers. Claims older than
/// <see cref="StorageOptions.LedgerRetentionDays"/> are deleted now and then by the claims themselves.
/// </summary>
internal sealed class PostgresEventLedger(PostgresDatabase database, IOptions<StorageOptions> options, TimeProvider time) : IProcessedEventLedger
{
    // About one claim in this many also sweeps expired rows: cheap, and no background job to run.
    private const int SweepEvery = 500;

    private long claims;

    public async Task<bool> TryClaimAsync(string eventKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);
        using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        using var command = new NpgsqlCommand(
            "INSERT INTO processed_events (event_key, claimed_at) VALUES (@key, @at) ON CONFLICT (event_key) DO NOTHING;",
            connection);
        command.Parameters.AddWithValue("key", eventKey);
        command.Parameters.AddWithValue("at", now);
        var claimed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;

        if (Interlocked.Increment(ref this.claims) % SweepEvery == 1)
        {
            using var sweep = new NpgsqlCommand("DELETE FROM processed_events WHERE claimed_at < @cutoff;", connection);
            sweep.Parameters.AddWithValue("cutoff", now.AddDays(-options.Value.LedgerRetentionDays));
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }
}
