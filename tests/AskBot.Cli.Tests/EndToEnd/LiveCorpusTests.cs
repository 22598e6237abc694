using System.Diagnostics;
using AskBot.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot chat</c> and <c>askbot discord</c> as processes while files of their corpus are added: the next question is answered from them.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class LiveCorpusTests(IndexedCorpusFixture fixture, ITestOutputHelper output)
{
    private const string NewFact = """
        Jane Doe
        Tue, April 2, 2024
        The Quillmark Observatory opened on the northern ridge above the town of Tessaly on Monday.
        Its main telescope has a mirror four meters wide and was built over eleven years.
        Astronomers at the Quillmark Observatory plan to survey faint comets first.
        """;

    [Fact]
    public async Task Chat_answers_from_a_file_added_while_it_runs()
    {
        using var workspace = this.WorkspaceWithFixtureCache();
        using var chat = CliProcess.Start(
            workspace.Root,
            ["chat"],
            new Dictionary<string, string> { ["AskBot__Corpus__WatchDebounceMilliseconds"] = "200" });

        await chat.WriteLineAsync("Who leads ISIS-K?");
        await chat.WaitForStdOutAsync("Ghafari", CliProcess.DefaultTimeout);
        var written = Stopwatch.GetTimestamp();
        await File.WriteAllTextAsync(Path.Combine(workspace.Corpus, "quillmark.txt"), NewFact);
        await WaitForStdErrAsync(chat, "(corpus updated: 6 files, ");
        output.WriteLine($"file write to swap: {Stopwatch.GetElapsedTime(written).TotalMilliseconds:F0} ms");
        await chat.WriteLineAsync("Where did the Quillmark Observatory open?");
        await chat.WaitForStdOutAsync("(quillmark)", CliProcess.DefaultTimeout);
        await chat.WriteLineAsync("/quit");
        var result = await chat.WaitForExitAsync(CliProcess.DefaultTimeout);

        result.AssertExitCode(0).AssertNoStackTrace();
        var answer = result.StdOut[result.StdOut.IndexOf("Ghafari", StringComparison.Ordinal)..];
        Assert.Contains("northern ridge", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("(corpus updated", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_skips_a_broken_new_file_with_a_warning_and_keeps_answering()
    {
        using var workspace = this.WorkspaceWithFixtureCache();
        using var chat = CliProcess.Start(
            workspace.Root,
            ["chat"],
            new Dictionary<string, string> { ["AskBot__Corpus__WatchDebounceMilliseconds"] = "200" });

        await chat.WriteLineAsync("Who leads ISIS-K?");
        await chat.WaitForStdOutAsync("Ghafari", CliProcess.DefaultTimeout);
        await File.WriteAllBytesAsync(Path.Combine(workspace.Corpus, "broken.txt"), [0x00, 0xFF, 0x00, 0x01]);
        await WaitForStdErrAsync(chat, "(corpus updated: 5 files, ");
        await chat.WriteLineAsync("/reset");
        await chat.WriteLineAsync("Who leads ISIS-K?");
        await chat.WriteLineAsync("/quit");
        var result = await chat.WaitForExitAsync(CliProcess.DefaultTimeout);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains(result.StdErr.Split('\n'), line => line.Contains("broken.txt", StringComparison.Ordinal) && line.Contains("warn", StringComparison.OrdinalIgnoreCase));
        var afterReset = result.StdOut[result.StdOut.IndexOf("Conversation cleared.", StringComparison.Ordinal)..];
        Assert.Contains("Ghafari", afterReset, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_with_watching_off_ignores_corpus_changes()
    {
        using var workspace = this.WorkspaceWithFixtureCache();
        using var chat = CliProcess.Start(
            workspace.Root,
            ["chat"],
            new Dictionary<string, string> { ["AskBot__Corpus__Watch"] = "false", ["AskBot__Corpus__WatchDebounceMilliseconds"] = "50" });

        await chat.WriteLineAsync("Who leads ISIS-K?");
        await chat.WaitForStdOutAsync("Ghafari", CliProcess.DefaultTimeout);
        await File.WriteAllTextAsync(Path.Combine(workspace.Corpus, "quillmark.txt"), NewFact);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await chat.WriteLineAsync("Where did the Quillmark Observatory open?");
        await chat.WriteLineAsync("/quit");
        var result = await chat.WaitForExitAsync(CliProcess.DefaultTimeout);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.DoesNotContain("(corpus updated", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("(quillmark)", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_bot_answers_from_a_file_added_while_it_runs()
    {
        using var workspace = this.WorkspaceWithFixtureCache();
        await using var discord = await DiscordBotHarness.StartAsync(workspace);
        await discord.StartReadyBotAsync();
        await File.WriteAllTextAsync(Path.Combine(workspace.Corpus, "quillmark.txt"), NewFact);

        // The bot says nothing when it swaps; asking again until the answer has the new fact shows the swap happened.
        var content = string.Empty;
        var deadline = DateTime.UtcNow + CliProcess.DefaultTimeout;
        for (var attempt = 1; !content.Contains("northern ridge", StringComparison.Ordinal); attempt++)
        {
            Assert.True(DateTime.UtcNow < deadline, "the bot never answered from the added file:\n" + content + "\n" + discord.Describe());
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var messageId = $"12000000000000001{attempt:D2}";
            await discord.Gateway.SendDispatchAsync("MESSAGE_CREATE", DiscordPayloads.GuildMention(messageId, "Where did the Quillmark Observatory open?"));
            var answer = await discord.WaitForAsync(
                () => discord.Rest.WaitForRequestAsync("POST", $"/channels/{messageId}/messages", DiscordBotHarness.StepTimeout),
                "the bot never posted the answer in the thread");
            content = DiscordRequestJson.Content(answer.Json());
        }

        Assert.False(discord.Bot!.HasExited);
    }

    [Fact]
    public async Task An_out_of_range_debounce_is_a_usage_error_naming_the_setting()
    {
        using var workspace = TestWorkspace.Create();

        var result = await workspace.RunAsync(
            ["chat"],
            new Dictionary<string, string> { ["AskBot__Corpus__WatchDebounceMilliseconds"] = "5" },
            stdin: string.Empty);

        result.AssertExitCode(2).AssertNoStackTrace();
        Assert.Contains("error: invalid setting AskBot:Corpus:WatchDebounceMilliseconds: must be between 10 and 600000", result.StdErr, StringComparison.Ordinal);
    }

    private static async Task WaitForStdErrAsync(CliProcess chat, string text)
    {
        var deadline = DateTime.UtcNow + CliProcess.DefaultTimeout;
        while (!chat.StdErr.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !chat.HasExited, $"stderr never showed '{text}':\n{chat.StdErr}\n{chat.StdOut}");
            await Task.Delay(50);
        }
    }

    // The seeds' index is already built by the fixture; copying its cache keeps each test from embedding the seeds again.
    private TestWorkspace WorkspaceWithFixtureCache()
    {
        var workspace = TestWorkspace.Create();
        Directory.CreateDirectory(workspace.IndexCache);
        foreach (var file in Directory.GetFiles(fixture.Workspace.IndexCache))
        {
            File.Copy(file, Path.Combine(workspace.IndexCache, Path.GetFileName(file)));
        }

        return workspace;
    }
}
