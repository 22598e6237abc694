using AskBot.Cli.Tests.Infrastructure;
using AskBot.Testing;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// Two real <c>askbot discord</c> processes sharing one real PostgreSQL database (AskBot:Storage:Provider=Postgres) and
/// one fake Discord: an event delivered to both is answered once (with the embedded default, each process has its own
/// ledger and both would answer).
/// </summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class SharedStorageTests(IndexedCorpusFixture fixture) : IAsyncLifetime
{
    private PostgresServer server = null!;

    public async Task InitializeAsync() => this.server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await this.server.DisposeAsync();

    [Fact]
    public async Task A_message_delivered_to_two_processes_sharing_the_database_is_answered_once()
    {
        await using var discord = await DiscordBotHarness.StartAsync(fixture.Workspace);
        var storage = new Dictionary<string, string>
        {
            ["AskBot__Storage__Provider"] = "Postgres",
            ["AskBot__Storage__ConnectionString"] = await this.server.CreateDatabaseAsync(),
        };
        var first = discord.StartBot(extra: storage);
        var firstConnection = await discord.Gateway.WaitForConnectionAsync(1, DiscordBotHarness.StepTimeout);
        var environment = discord.Environment();
        foreach (var (key, value) in storage)
        {
            environment[key] = value;
        }

        using var second = CliProcess.Start(fixture.Workspace.Root, ["discord"], environment);
        var secondConnection = await discord.Gateway.WaitForConnectionAsync(2, DiscordBotHarness.StepTimeout);
        await WaitUntilAsync(() => firstConnection.IsReady && secondConnection.IsReady, discord);

        // The same event reaches both processes, as a replay or a mis-sharded delivery would.
        const string messageId = "1250000000000000001";
        var mention = DiscordPayloads.GuildMention(messageId, "Who leads ISIS-K?");
        await Task.WhenAll(
            firstConnection.SendDispatchAsync("MESSAGE_CREATE", mention),
            secondConnection.SendDispatchAsync("MESSAGE_CREATE", DiscordPayloads.GuildMention(messageId, "Who leads ISIS-K?")));

        await discord.WaitForAsync(
            () => discord.Rest.WaitForRequestAsync("POST", $"/channels/{messageId}/messages", DiscordBotHarness.StepTimeout),
            "neither process answered the mention");

        // Give the other process time to answer too, were it going to.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(discord.Rest.RequestsTo("POST", $"/channels/{DiscordPayloads.ChannelId}/messages/{messageId}/threads"));
        Assert.Single(discord.Rest.RequestsTo("POST", $"/channels/{messageId}/messages"));
        Assert.DoesNotContain("Host=127.0.0.1", first.StdErr + second.StdErr, StringComparison.Ordinal);
        await second.TerminateAsync();
        await second.WaitForExitAsync(DiscordBotHarness.StepTimeout);
        var stopped = await discord.TerminateBotAsync();
        stopped.AssertExitCode(0).AssertNoStackTrace();
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_a_usage_error_naming_the_setting()
    {
        await using var discord = await DiscordBotHarness.StartAsync(fixture.Workspace);
        var result = await CliProcess.RunAsync(
            fixture.Workspace.Root,
            ["discord"],
            new Dictionary<string, string>(discord.Environment()) { ["AskBot__Storage__Provider"] = "Postgres" },
            timeout: DiscordBotHarness.StepTimeout * 2);

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("AskBot:Storage:ConnectionString", result.StdErr, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, DiscordBotHarness discord)
    {
        var deadline = DateTime.UtcNow + (DiscordBotHarness.StepTimeout * 2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the two bots never became ready\n" + discord.Describe());
            await Task.Delay(50);
        }
    }
}
