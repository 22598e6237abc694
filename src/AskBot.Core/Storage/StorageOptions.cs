using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Storage;

/// <summary>Where shared state lives.</summary>
public enum StorageProviders
{
    /// <summary>
    /// Embedded, for one process: feedback in the SQLite file <c>AskBot:Discord:FeedbackDb</c>; the processed-event ledger
    /// and conversation memory in the process.
    /// </summary>
    Sqlite,

    /// <summary>
    /// A PostgreSQL database every process shares (<see cref="StorageOptions.ConnectionString"/>): feedback, the
    /// processed-event ledger and conversation memory, so several processes (or shards) and restarts see one state.
    /// </summary>
    Postgres,
}

/// <summary>Settings of the <c>AskBot:Storage</c> section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "AskBot:Storage";

    /// <summary>The store of feedback, processed events and conversation memory.</summary>
    public StorageProviders Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>
    /// The PostgreSQL connection string (Npgsql syntax), required with <see cref="StorageProviders.Postgres"/>. It holds a
    /// password, so it comes from the environment (<c>AskBot__Storage__ConnectionString</c>) or user secrets, never from
    /// the committed appsettings.json, and is never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Days a processed-event id is remembered; replays come within minutes, so a day is ample.</summary>
    [Range(1, 365)]
    public int LedgerRetentionDays { get; set; } = 2;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (this.Provider == StorageProviders.Postgres && string.IsNullOrWhiteSpace(this.ConnectionString))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(this.ConnectionString)} is required when {SectionName}:{nameof(this.Provider)} is Postgres (set AskBot__Storage__ConnectionString).",
                [nameof(this.ConnectionString)]);
        }
    }
}
