using AskBot.Cli.Commands;
using AskBot.Core.Answering;
using AskBot.Core.Conversation;

namespace AskBot.Cli.Tests.Unit;

/// <summary>The REPL in-process, against a test-only fake of the ask service.</summary>
public sealed class ChatSessionTests
{
    [Fact]
    public async Task Follow_up_is_asked_with_the_history_so_far()
    {
        var asker = new RecordingAskService();

        var (exit, _, _) = await RunAsync(asker, "Who leads ISIS-K?\nHow old is he?\n");

        Assert.Equal(0, exit);
        Assert.Equal(["Who leads ISIS-K?", "How old is he?"], asker.Questions);
        Assert.Empty(asker.Histories[0].Turns);
        var turn = Assert.Single(asker.Histories[1].Turns);
        Assert.Equal("Who leads ISIS-K?", turn.Question);
    }

    [Fact]
    public async Task Reset_starts_a_new_conversation()
    {
        var asker = new RecordingAskService();

        await RunAsync(asker, "Who leads ISIS-K?\n/reset\nHow old is he?\n");

        Assert.Empty(asker.Histories[1].Turns);
    }

    [Fact]
    public async Task Empty_lines_are_ignored_and_quit_stops_reading()
    {
        var asker = new RecordingAskService();

        var (exit, output, _) = await RunAsync(asker, "\n   \n/quit\nWho leads ISIS-K?\n");

        Assert.Equal(0, exit);
        Assert.Empty(asker.Questions);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Too_long_line_is_reported_and_the_chat_goes_on()
    {
        var asker = new RecordingAskService();

        var (exit, _, error) = await RunAsync(asker, new string('x', 30) + "\nWho?\n", maxQuestionChars: 10);

        Assert.Equal(0, exit);
        Assert.Equal(["Who?"], asker.Questions);
        Assert.Contains("the question is 30 characters; the limit is 10", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_and_sources_describe_the_last_answer()
    {
        var (_, output, _) = await RunAsync(new RecordingAskService(), "/why\nWho leads ISIS-K?\n/why\n/sources\n");

        Assert.StartsWith("No answer yet.\n", output, StringComparison.Ordinal);
        Assert.Contains("Standalone question: Who leads ISIS-K?", output, StringComparison.Ordinal);
        Assert.Contains("Ghafari.\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_slash_command_is_reported_on_stderr()
    {
        var (exit, output, error) = await RunAsync(new RecordingAskService(), "/frob\n");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("/frob", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_input_ends_with_exit_0()
    {
        using var cancellation = new CancellationTokenSource();
        using var reader = new BlockingReader();
        var console = CliConsole.ForText(reader, new StringWriter(), new StringWriter());
        var session = new ChatSession(new RecordingAskService(), console, 100);

        var run = session.RunAsync(cancellation.Token);
        Assert.True(reader.Reading.Wait(TimeSpan.FromSeconds(10)), "the session never started reading");
        await cancellation.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(reader.Released, "the session returned only because the read ended, not because it was cancelled");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IAskService asker, string input, int maxQuestionChars = 2000)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var session = new ChatSession(asker, CliConsole.ForText(new StringReader(input), output, error), maxQuestionChars);
        var exit = await session.RunAsync(CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Test-only fake: records what it was asked and answers with a fixed cited result.</summary>
    private sealed class RecordingAskService : IAskService
    {
        public List<string> Questions { get; } = [];

        public List<ConversationHistory> Histories { get; } = [];

        public Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
        {
            this.Questions.Add(question);
            this.Histories.Add(history ?? ConversationHistory.Empty);
            return Task.FromResult(TestAnswers.Cited(question));
        }
    }

    /// <summary>A stdin that delivers no line until disposed, like a terminal nobody types into.</summary>
    private sealed class BlockingReader : TextReader
    {
        private readonly ManualResetEventSlim release = new();

        public ManualResetEventSlim Reading { get; } = new();

        public bool Released { get; private set; }

        public override string? ReadLine()
        {
            this.Reading.Set();
            this.release.Wait();
            this.Released = true;
            return null;
        }

        protected override void Dispose(bool disposing)
        {
            // Frees the pool thread the session left blocked in ReadLine.
            this.release.Set();
            base.Dispose(disposing);
        }
    }
}
