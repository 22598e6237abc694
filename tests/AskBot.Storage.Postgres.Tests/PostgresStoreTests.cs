using AskBot.Core.Conversation;
using AskBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AskBot.Storage.Postgres.Tests;

/// <summary>One PostgreSQL 15 server for the storage tests (initdb + pg_ctl in a temp folder).</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => this.Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await this.Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}

/// <summary>
/// The PostgreSQL stores against a real server, each test on a database of its own. Two <see cref="PostgresDatabase"/>
/// instances stand for two processes: each has its own connection pool and migrates on its own.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServerFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_schema_is_created_once_when_processes_start_together_and_again_is_a_no_op()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var processes = Enumerable.Range(0, 4).Select(_ => Database(connectionString)).ToList();

        await Task.WhenAll(processes.Select(p => p.MigrateAsync(CancellationToken.None)));
        await using var later = Database(connectionString);
        await later.MigrateAsync(CancellationToken.None);

        Assert.Equal(PostgresDatabase.SchemaVersion, await ScalarAsync<long>(connectionString, "SELECT COUNT(*) FROM askbot_schema_version"));
        Assert.Equal(PostgresDatabase.SchemaVersion, await ScalarAsync<int>(connectionString, "SELECT MAX(version) FROM askbot_schema_version"));
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused_with_a_message()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        await using (var first = Database(connectionString))
        {
            await first.MigrateAsync(CancellationToken.None);
        }

        await ExecuteAsync(connectionString, "INSERT INTO askbot_schema_version (version) VALUES (99)");
        await using var old = Database(connectionString);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => old.MigrateAsync(CancellationToken.None));
        Assert.Contains("newer than this AskBot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_event_is_claimed_exactly_once_by_two_processes_racing_for_it()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        await using var first = Database(connectionString);
        await using var second = Database(connectionString);
        var ledgers = new[] { Ledger(first), Ledger(second) };
        var keys = Enumerable.Range(0, 200).Select(i => "m:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // Every key is offered to both processes at once, as a replayed event reaching two shards' processes would be.
        var claims = await Task.WhenAll(keys.SelectMany(key => ledgers.Select(async ledger => (key, await ledger.TryClaimAsync(key, CancellationToken.None)))));

        Assert.All(claims.GroupBy(c => c.key), group => Assert.Equal(1, group.Count(c => c.Item2)));
        Assert.False(await ledgers[0].TryClaimAsync("m:7", CancellationToken.None));
        Assert.True(await ledgers[1].TryClaimAsync("m:new", CancellationToken.None));
    }

    [Fact]
    public async Task Feedback_round_trips_with_one_vote_per_user_and_purges_by_age()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        await using var database = Database(connectionString);
        var store = new PostgresFeedbackStore(database, NullLogger<PostgresFeedbackStore>.Instance);
        var citations = new[] { new StoredCitation(1, "report.pdf", "Port report", "Container traffic reached 1.2 million units.", 10, 54) };
        await store.SaveAnswerAsync(new AnswerRecord("a1", "How many units?", "How many units?", "1.2 million [1]", false, citations, "g1", "c1", "u1", Now.AddDays(-40)), CancellationToken.None);
        await store.SaveAnswerAsync(new AnswerRecord("a2", "Who?", "Who?", "The articles don't cover that.", true, [], null, "c2", "u2", Now), CancellationToken.None);

        Assert.True(await store.RecordVoteAsync(new FeedbackVote("a1", "u5", false, Now), CancellationToken.None));
        Assert.True(await store.RecordVoteAsync(new FeedbackVote("a1", "u5", true, Now), CancellationToken.None));
        Assert.True(await store.RecordVoteAsync(new FeedbackVote("a1", "u6", true, Now), CancellationToken.None));
        Assert.False(await store.RecordVoteAsync(new FeedbackVote("missing", "u5", true, Now), CancellationToken.None));

        var entries = await store.ReadAllAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(["a1", "a2"], entries.Select(e => e.Answer.AnswerId));
        Assert.Equal((2, 0), (entries[0].HelpfulVotes, entries[0].UnhelpfulVotes));
        Assert.Equal(citations, entries[0].Answer.Citations);
        Assert.Equal(Now.AddDays(-40), entries[0].Answer.CreatedAt);
        Assert.Null(entries[1].Answer.GuildId);
        Assert.True(entries[1].Answer.Refused);

        var purged = await store.PurgeAsync(Now.AddDays(-30), CancellationToken.None);

        Assert.Equal(new FeedbackPurgeResult(1, 2), purged);
        Assert.Equal(["a2"], (await store.ReadAllAsync(CancellationToken.None).ToListAsync()).Select(e => e.Answer.AnswerId));
    }

    [Fact]
    public async Task A_conversation_keeps_its_newest_turns_forgets_expired_ones_and_is_shared_by_processes()
    {
        var connectionString = await fixture.Server.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(Now);
        await using var firstDatabase = Database(connectionString);
        await using var secondDatabase = Database(connectionString);
        var first = new PostgresConversationMemory(firstDatabase, clock);
        var second = new PostgresConversationMemory(secondDatabase, clock);
        var ttl = TimeSpan.FromMinutes(30);

        for (var i = 1; i <= 5; i++)
        {
            await first.AppendAsync("u1@c1", Turn(i), maxTurns: 3, ttl, CancellationToken.None);
        }

        await first.AppendAsync("u2@c1", Turn(9), maxTurns: 3, ttl, CancellationToken.None);

        // Another process reads what the first wrote: the newest three turns, oldest first.
        var history = await second.LoadAsync("u1@c1", ttl, CancellationToken.None);
        Assert.Equal(["q3", "q4", "q5"], history.Turns.Select(t => t.Question));

        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Empty((await second.LoadAsync("u1@c1", ttl, CancellationToken.None)).Turns);

        await second.AppendAsync("u1@c1", Turn(6), maxTurns: 3, ttl, CancellationToken.None);
        Assert.Equal(["q6"], (await first.LoadAsync("u1@c1", ttl, CancellationToken.None)).Turns.Select(t => t.Question));
        Assert.Equal(1, await ScalarAsync<long>(connectionString, "SELECT COUNT(*) FROM conversation_turns"));

        Assert.True(await first.ClearAsync("u1@c1", CancellationToken.None));
        Assert.False(await first.ClearAsync("u1@c1", CancellationToken.None));
        Assert.Empty((await second.LoadAsync("u1@c1", ttl, CancellationToken.None)).Turns);
    }

    [Fact]
    public void A_Postgres_provider_without_a_connection_string_names_the_setting()
    {
        var options = new StorageOptions { Provider = StorageProviders.Postgres };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(results, r => r.ErrorMessage!.Contains("AskBot:Storage:ConnectionString", StringComparison.Ordinal));
    }

    private static ConversationTurn Turn(int i) =>
        new("q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "a", false);

    private static PostgresDatabase Database(string connectionString) =>
        new(Options.Create(new StorageOptions { Provider = StorageProviders.Postgres, ConnectionString = connectionString }), NullLogger<PostgresDatabase>.Instance);

    private static PostgresEventLedger Ledger(PostgresDatabase database) =>
        new(database, Options.Create(new StorageOptions()), TimeProvider.System);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
