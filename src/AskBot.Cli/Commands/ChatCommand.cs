using System.CommandLine;
using System.Globalization;
using AskBot.Cli.Errors;
using AskBot.Cli.Output;
using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Conversation;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary><c>askbot chat [--config FILE]</c>.</summary>
public static class ChatCommand
{
    public static RootCommand AddChatCommand(this RootCommand root, CliConsole console)
    {
        return root.AddConfigOnlyCommand<ChatCommandHandler>(
            console,
            "chat",
            "Ask questions in a conversation; follow-ups are understood. Type /help for commands.",
            (handler, ct) => handler.RunAsync(ct));
    }
}

/// <summary>
/// Loads the index once, then runs the REPL while a <see cref="CorpusWatcher"/> swaps in a rebuilt index when the corpus
/// changes (unless <c>AskBot:Corpus:Watch</c> is off); each swap is announced on stderr.
/// </summary>
public sealed class ChatCommandHandler(
    IAskService askService,
    ICorpusIndexProvider indexProvider,
    CorpusWatcher watcher,
    IOptions<ChatOptions> chatOptions,
    IOptions<CorpusOptions> corpusOptions,
    CliConsole console,
    ILogger<ChatCommandHandler> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var index = await indexProvider.EnsureLoadedAsync(null, cancellationToken).WaitAsync(cancellationToken);
            IndexWarnings.Report(index, logger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }

        // The offline answer is instant, and streaming its draft would only show numbering the guard then changes.
        var streamAnswers = chatOptions.Value.Provider != ChatProviders.Extractive;
        var session = new ChatSession(askService, console, chatOptions.Value.MaxQuestionChars, streamAnswers);
        if (!corpusOptions.Value.Watch)
        {
            return await session.RunAsync(cancellationToken);
        }

        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        indexProvider.IndexSwapped += this.OnIndexSwapped;
        var watching = watcher.RunAsync(stopWatching.Token);
        try
        {
            return await session.RunAsync(cancellationToken);
        }
        finally
        {
            indexProvider.IndexSwapped -= this.OnIndexSwapped;
            await stopWatching.CancelAsync();
            await watching;
        }
    }

    private void OnIndexSwapped(object? sender, CorpusRefresh refresh)
    {
        // stderr, like every other status line: stdout carries only answers.
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(corpus updated: {refresh.Files} files, {refresh.Chunks} chunks)"));
    }
}

/// <summary>
/// One conversation: reads a line at a time, answers questions with the history so far, and handles slash commands.
/// EOF, <c>/quit</c> and Ctrl-C (cancellation) all end it with exit code 0.
/// </summary>
public sealed class ChatSession
{
    private const string Prompt = "> ";

    private const string Help = """
        Ask a question about the articles; follow-up questions use the conversation so far.
        Commands:
          /sources  full quotes of the last answer's sources
          /why      the standalone question, retrieved chunks with scores, and notes for the last answer
          /reset    forget the conversation
          /help     this text
          /quit     leave (Ctrl-D and Ctrl-C work too)
        """;

    private readonly IAskService askService;
    private readonly CliConsole console;
    private readonly int maxQuestionChars;
    private readonly bool streamAnswers;
    private ConversationHistory history = ConversationHistory.Empty;
    private AskResult? lastResult;

    public ChatSession(IAskService askService, CliConsole console, int maxQuestionChars, bool streamAnswers = true)
    {
        this.askService = askService;
        this.console = console;
        this.maxQuestionChars = maxQuestionChars;
        this.streamAnswers = streamAnswers;
    }

    // Streaming is for people watching a terminal; piped output gets the checked answer only.
    private bool Streams => this.streamAnswers && this.console.IsOutputTerminal;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (this.console.IsInputTerminal)
        {
            await this.console.Out.WriteLineAsync("AskBot: ask about the news articles. /help for commands, Ctrl-D to leave.");
        }

        while (true)
        {
            if (this.console.IsInputTerminal)
            {
                await this.console.Out.WriteAsync(Prompt);
                await this.console.Out.FlushAsync(CancellationToken.None);
            }

            string? line;
            try
            {
                line = await this.ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await this.LeaveAsync();
            }

            if (line is null)
            {
                return await this.LeaveAsync();
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var keepGoing = trimmed.StartsWith('/')
                ? await this.RunSlashCommandAsync(trimmed)
                : await this.AnswerAsync(trimmed, cancellationToken);
            await this.console.Out.FlushAsync(CancellationToken.None);
            if (!keepGoing)
            {
                return ExitCodes.Success;
            }
        }
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        // Console.In.ReadLineAsync blocks and ignores the token, so the read runs on the pool and only the wait is
        // cancelled: Ctrl-C at the prompt ends the chat at once.
        return await Task.Run(this.console.In.ReadLine, CancellationToken.None).WaitAsync(cancellationToken);
    }

    private async Task<int> LeaveAsync()
    {
        if (this.console.IsInputTerminal)
        {
            await this.console.Out.WriteLineAsync();
        }

        await this.console.Out.FlushAsync(CancellationToken.None);
        return ExitCodes.Success;
    }

    /// <returns>False when the chat should end.</returns>
    private async Task<bool> RunSlashCommandAsync(string line)
    {
        var command = line.Split(' ', 2)[0].ToLowerInvariant();
        switch (command)
        {
            case "/quit" or "/exit":
                return false;
            case "/help":
                await this.console.Out.WriteLineAsync(Help);
                break;
            case "/reset":
                this.history = ConversationHistory.Empty;
                this.lastResult = null;
                await this.console.Out.WriteLineAsync("Conversation cleared.");
                break;
            case "/sources":
                await this.console.Out.WriteLineAsync(this.lastResult switch
                {
                    null => "No answer yet.",
                    { Refused: true } or { Citations.Count: 0 } => "The last answer has no sources.",
                    var result => AnswerRenderer.Sources(result.Citations, this.console.Width, fullQuotes: true),
                });
                break;
            case "/why":
                await this.console.Out.WriteLineAsync(this.lastResult is null
                    ? "No answer yet."
                    : AnswerRenderer.Why(this.lastResult, this.console.Width));
                break;
            default:
                await this.console.Error.WriteLineAsync($"error: unknown command {TextSanitizer.SingleLine(command)}; type /help");
                break;
        }

        return true;
    }

    /// <returns>False when the chat should end (Ctrl-C during the answer).</returns>
    private async Task<bool> AnswerAsync(string line, CancellationToken cancellationToken)
    {
        var question = QuestionInput.Normalize(line);
        if (question is null)
        {
            return true;
        }

        var lengthError = QuestionInput.LengthError(question, this.maxQuestionChars);
        if (lengthError is not null)
        {
            await this.console.Error.WriteLineAsync(lengthError);
            return true;
        }

        AskResult result;
        try
        {
            result = this.Streams
                ? await this.StreamAnswerAsync(question, cancellationToken)
                : await this.askService.AskAsync(question, this.history, cancellationToken).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await this.console.Out.WriteLineAsync();
            return false;
        }
        catch (InvalidQuestionException exception)
        {
            await this.console.Error.WriteLineAsync("error: " + TextSanitizer.SingleLine(exception.Message));
            return true;
        }

        this.lastResult = result;
        this.history = this.history.Append(new ConversationTurn(question, result.StandaloneQuestion, result.Answer, result.Refused));
        if (!this.Streams)
        {
            await this.console.Out.WriteLineAsync(AnswerRenderer.Answer(result, this.console.Width, fullQuotes: false, includeNotes: result.Notes.Count > 0));
        }

        return true;
    }

    /// <summary>
    /// Prints the provider's text as it streams in, then — once the grounding guard has checked every citation —
    /// the checked answer when the guard changed it, the sources and any notes (removed citations, fallbacks).
    /// </summary>
    private async Task<AskResult> StreamAnswerAsync(string question, CancellationToken cancellationToken)
    {
        var streamed = new System.Text.StringBuilder();
        AskResult? result = null;
        await foreach (var update in this.askService.AskStreamingAsync(question, this.history, cancellationToken).WithCancellation(cancellationToken))
        {
            if (update.TextDelta is { Length: > 0 } delta)
            {
                streamed.Append(delta);
                await this.console.Out.WriteAsync(TextSanitizer.MultiLine(delta));
                await this.console.Out.FlushAsync(cancellationToken);
            }

            result ??= update.Result;
        }

        if (result is null)
        {
            throw new InvalidOperationException("the answer stream ended without a result");
        }

        var changed = !string.Equals(streamed.ToString().Trim(), result.Answer.Trim(), StringComparison.Ordinal);
        if (streamed.Length > 0 && streamed[^1] != '\n')
        {
            await this.console.Out.WriteLineAsync();
        }

        string rendered;
        if (changed)
        {
            // The guard removed or marked something: show what was checked, not only what streamed.
            rendered = (streamed.Length > 0 ? "\nChecked answer:\n" : string.Empty)
                + AnswerRenderer.Answer(result, this.console.Width, fullQuotes: false, includeNotes: true);
        }
        else
        {
            var sources = result.Refused || result.Citations.Count == 0
                ? string.Empty
                : "\n" + AnswerRenderer.Sources(result.Citations, this.console.Width, fullQuotes: false);
            rendered = sources + AnswerRenderer.Notes(result.Notes, this.console.Width);
        }

        await this.console.Out.WriteLineAsync(rendered);
        return result;
    }
}
