using System.Runtime.CompilerServices;
using AskBot.Cli.Commands;
using AskBot.Core.Answering;
using AskBot.Core.Conversation;

namespace AskBot.Cli.Tests.Unit;

/// <summary>The chat on a terminal: the provider's text streams in, then the checked answer, sources and notes follow.</summary>
public sealed class ChatStreamingTests
{
    private const string StreamedText = "Alpha [1]. Beta [2].";

    private static readonly string[] Deltas = ["Alpha [1].", " Beta [2]."];

    [Fact]
    public async Task Terminal_output_streams_the_text_then_shows_the_checked_answer_its_sources_and_notes_when_the_guard_changed_it()
    {
        var final = TestAnswers.Cited() with
        {
            Answer = "Alpha [1].",
            Notes = ["Dropped an unsupported sentence: \"Beta\"", "Removed a citation of source 2, which does not exist (the answer was given 1 source)."],
        };
        var asker = new StreamingAskService(Deltas, final);

        var (exit, output, error) = await RunOnTerminalAsync(asker, "Who leads ISIS-K?\n");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Equal(1, asker.StreamedCalls);
        Assert.Equal(0, asker.PlainCalls);
        Assert.StartsWith(StreamedText + "\n", output, StringComparison.Ordinal);
        var checkedAt = IndexOf(output, "\nChecked answer:\nAlpha [1].\n", 0);
        var sourcesAt = IndexOf(output, "\nSources\n[1] Who is ISIS-K? — By Jane Doe, March 25, 2024 (" + TestAnswers.DocId + ")\n", checkedAt);
        var quoteAt = IndexOf(output, "\"ISIS-K is based in eastern Afghanistan", sourcesAt);
        var notesAt = IndexOf(output, "\nNotes\n- Dropped an unsupported sentence: \"Beta\"\n- Removed a citation of source 2, which does not exist (the answer was given 1 source).\n", quoteAt);
        Assert.True(checkedAt > 0 && notesAt > quoteAt, output);
        Assert.Equal(1, Occurrences(output, "Sources\n"));
    }

    [Fact]
    public async Task Terminal_output_prints_the_sources_once_and_no_checked_answer_when_the_guard_kept_the_streamed_text()
    {
        var final = TestAnswers.Cited() with { Answer = StreamedText };
        var asker = new StreamingAskService(Deltas, final);

        var (exit, output, _) = await RunOnTerminalAsync(asker, "Who leads ISIS-K?\n");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Checked answer:", output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(output, StreamedText));
        Assert.StartsWith(StreamedText + "\n\nSources\n[1] Who is ISIS-K?", output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(output, "Sources\n"));
        Assert.Equal(1, Occurrences(output, "(" + TestAnswers.DocId + ")"));
        Assert.Contains("\nNotes\n- Figures differ between sources.\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Piped_output_gets_only_the_checked_answer_without_streaming()
    {
        var final = TestAnswers.Cited() with { Answer = "Alpha [1]." };
        var asker = new StreamingAskService(Deltas, final);
        var output = new StringWriter();
        var session = new ChatSession(asker, CliConsole.ForText(new StringReader("Who leads ISIS-K?\n"), output, new StringWriter()), 2000);

        var exit = await session.RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(0, asker.StreamedCalls);
        Assert.Equal(1, asker.PlainCalls);
        Assert.StartsWith("Alpha [1].\n\nSources\n", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Beta", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Checked answer:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_told_not_to_stream_prints_only_the_checked_answer_even_on_a_terminal()
    {
        var final = TestAnswers.Cited() with { Answer = "Alpha [1]." };
        var asker = new StreamingAskService(Deltas, final);
        var output = new StringWriter();
        var console = new CliConsole(new StringReader("Who leads ISIS-K?\n"), output, new StringWriter(), isInputTerminal: false, isOutputTerminal: true, isErrorTerminal: false, width: 100);

        var exit = await new ChatSession(asker, console, 2000, streamAnswers: false).RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(0, asker.StreamedCalls);
        Assert.Equal(1, asker.PlainCalls);
        Assert.DoesNotContain("Checked answer:", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Runs the REPL with piped input and stdout reported as a terminal (so it streams), without the prompt.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunOnTerminalAsync(IAskService asker, string input)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(new StringReader(input), output, error, isInputTerminal: false, isOutputTerminal: true, isErrorTerminal: false, width: 100);
        var exit = await new ChatSession(asker, console, 2000).RunAsync(CancellationToken.None);
        return (exit, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }

    private static int IndexOf(string output, string expected, int from)
    {
        var at = output.IndexOf(expected, from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"expected {expected.Trim()} after position {from} in:\n{output}");
        return at;
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Test-only fake: streams fixed raw deltas, then the final (guarded) result; the plain call returns that result.</summary>
    private sealed class StreamingAskService(IReadOnlyList<string> deltas, AskResult final) : IAskService
    {
        public int StreamedCalls { get; private set; }

        public int PlainCalls { get; private set; }

        public Task<AskResult> AskAsync(string question, ConversationHistory? history = null, CancellationToken cancellationToken = default)
        {
            this.PlainCalls++;
            return Task.FromResult(final);
        }

        public async IAsyncEnumerable<AskStreamUpdate> AskStreamingAsync(
            string question,
            ConversationHistory? history = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            this.StreamedCalls++;
            foreach (var delta in deltas)
            {
                await Task.Yield();
                yield return new AskStreamUpdate(delta, null);
            }

            yield return new AskStreamUpdate(null, final);
        }
    }
}
