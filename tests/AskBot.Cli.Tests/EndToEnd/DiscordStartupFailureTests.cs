using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// <c>askbot discord</c> stops at once, with one line naming what to fix and a distinct exit code, when Discord refuses
/// the token or the intents, or when no token is set; it never retries those and never prints the token.
/// </summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class DiscordStartupFailureTests(IndexedCorpusFixture fixture)
{
    private TestWorkspace Workspace => fixture.Workspace;

    [Fact]
    public async Task Gateway_close_4004_exits_2_naming_the_token_setting_without_reconnecting()
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);

        var result = await CloseAfterIdentifyAsync(discord, 4004);

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = FinalLine(result);
        Assert.Contains("AskBot:Discord:Token", line, StringComparison.Ordinal);
        Assert.Contains("4004", line, StringComparison.Ordinal);
        Assert.Single(discord.Gateway.Connections);
        Assert.Single(discord.Gateway.FramesWithOp(2));
        AssertNotPrinted(DiscordBotHarness.Token, result);
    }

    [Fact]
    public async Task Gateway_close_4014_exits_3_asking_for_the_Message_Content_intent_without_reconnecting()
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);

        var result = await CloseAfterIdentifyAsync(discord, 4014);

        result.AssertExitCode(3).AssertNoStackTrace();
        var line = FinalLine(result);
        Assert.Contains("4014", line, StringComparison.Ordinal);
        Assert.Contains("Message Content", line, StringComparison.OrdinalIgnoreCase);
        Assert.Single(discord.Gateway.Connections);
        AssertNotPrinted(DiscordBotHarness.Token, result);
    }

    [Fact]
    public async Task Token_refused_by_the_REST_API_exits_2_naming_the_token_setting_without_printing_it()
    {
        const string wrongToken = "wrong-token-Zq7x";
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);

        discord.StartBot(token: wrongToken);
        var result = await discord.Bot!.WaitForExitAsync(DiscordBotHarness.StepTimeout);

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("AskBot:Discord:Token", FinalLine(result), StringComparison.Ordinal);
        var request = Assert.Single(discord.Rest.Requests);
        Assert.True(request.Is("GET", "/gateway/bot"), $"unexpected request {request.Method} {request.Path}");
        Assert.Equal("Bot " + wrongToken, request.Header("Authorization"));
        Assert.Empty(discord.Gateway.Connections);
        AssertNotPrinted(wrongToken, result);
    }

    [Theory]
    [InlineData("4004")]
    [InlineData("4014")]
    [InlineData("401")]
    public async Task Refusal_by_Discord_is_reported_in_one_stderr_line_not_once_per_layer(string refusal)
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);

        CliResult result;
        if (refusal == "401")
        {
            discord.Rest.ExpectedToken = "another-token";
            discord.StartBot();
            result = await discord.Bot!.WaitForExitAsync(DiscordBotHarness.StepTimeout);
        }
        else
        {
            result = await CloseAfterIdentifyAsync(discord, int.Parse(refusal, System.Globalization.CultureInfo.InvariantCulture));
        }

        // The gateway, the hosted service and the CLI each reporting the same refusal buries the one line that says what to fix.
        var mentions = ErrorLines(result).Where(l => l.Contains(refusal, StringComparison.Ordinal)).ToList();
        Assert.True(mentions.Count == 1, $"expected the refusal ({refusal}) on one stderr line, got {mentions.Count}:\n{result.StdErr}");
    }

    [Fact]
    public async Task Missing_token_exits_2_with_one_line_naming_the_setting_before_contacting_Discord()
    {
        await using var discord = await DiscordBotHarness.StartAsync(this.Workspace);

        discord.StartBot(token: null);
        var result = await discord.Bot!.WaitForExitAsync(DiscordBotHarness.StepTimeout);

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(ErrorLines(result));
        Assert.Contains("AskBot:Discord:Token", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
        Assert.Empty(discord.Rest.Requests);
        Assert.Empty(discord.Gateway.Connections);
    }

    /// <summary>Starts the bot; the fake gateway answers its Identify with close <paramref name="code"/> instead of READY.</summary>
    private static async Task<CliResult> CloseAfterIdentifyAsync(DiscordBotHarness discord, int code)
    {
        discord.Gateway.AutoReady = false;
        discord.StartBot();
        await discord.WaitForAsync(
            () => discord.Gateway.WaitForFrameAsync(2, DiscordBotHarness.StepTimeout),
            "the bot never identified");
        await discord.Gateway.Current!.CloseAsync(code, "refused").WaitAsync(DiscordBotHarness.StepTimeout);

        // A fatal close must end the process promptly, not after a reconnect loop.
        return await discord.Bot!.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The last stderr line, which must be the CLI's own <c>error:</c> line.</summary>
    private static string FinalLine(CliResult result)
    {
        var line = ErrorLines(result).LastOrDefault() ?? string.Empty;
        Assert.True(line.StartsWith("error: ", StringComparison.Ordinal), "stderr does not end with an error line:\n" + result.StdErr);
        return line;
    }

    private static List<string> ErrorLines(CliResult result) =>
        result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static void AssertNotPrinted(string token, CliResult result)
    {
        Assert.DoesNotContain(token, result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.StdErr, StringComparison.Ordinal);
    }
}
