using System.CommandLine;
using System.CommandLine.Parsing;
using AskBot.Cli.Errors;
using AskBot.Cli.Output;
using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary><c>askbot ask "question" [--json] [--config FILE]</c>.</summary>
public static class AskCommand
{
    /// <summary>Shown on stderr for an empty question.</summary>
    public const string Usage = "usage: askbot ask \"<question>\" [--json] [--config FILE]";

    public static RootCommand AddAskCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        var question = new Argument<string[]>("question")
        {
            Description = "The question (quote it, or the words are joined with spaces).",
            Arity = ArgumentArity.OneOrMore,
        };
        question.Validators.Add(RejectUnknownOptions);
        var json = new Option<bool>("--json") { Description = "Print only a JSON document with the answer, citations, retrieved chunks and timings." };
        var config = CommandLineExtensions.CreateConfigOption();
        var command = new Command("ask", "Answer one question with numbered sources.") { question, json, config };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var text = QuestionInput.Normalize(string.Join(' ', parseResult.GetValue(question) ?? []));
            if (text is null)
            {
                await console.Error.WriteLineAsync("error: the question is empty");
                await console.Error.WriteLineAsync(Usage);
                return ExitCodes.Usage;
            }

            return await CliRunner.RunAsync(
                console,
                parseResult.GetValue(config),
                (services, ct) =>
                {
                    // Checked before the handler exists, so a bad question never touches the pipeline or the index.
                    QuestionInput.EnsureFits(text, services.GetRequiredService<IOptions<ChatOptions>>().Value.MaxQuestionChars);
                    return services.GetRequiredService<AskCommandHandler>().RunAsync(text, parseResult.GetValue(json), ct);
                },
                cancellationToken);
        });
        root.Subcommands.Add(command);
        return root;
    }

    /// <summary>
    /// The question takes any number of words, so System.CommandLine would swallow a mistyped option as one of them;
    /// a word shaped like an option is reported as the usage error it is. ("-5 degrees" is still a question.)
    /// </summary>
    private static void RejectUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            var value = token.Value;
            if (value.StartsWith("--", StringComparison.Ordinal) || (value.Length > 1 && value[0] == '-' && char.IsLetter(value[1])))
            {
                result.AddError($"Unrecognized command or argument '{TextSanitizer.SingleLine(value)}'.");
            }
        }
    }
}

/// <summary>Answers one question and prints it as text or JSON.</summary>
public sealed class AskCommandHandler(
    IAskService askService,
    ICorpusIndexProvider indexProvider,
    IOptions<ChatOptions> chatOptions,
    CliConsole console,
    ILogger<AskCommandHandler> logger)
{
    public async Task<int> RunAsync(string question, bool json, CancellationToken cancellationToken)
    {
        QuestionInput.EnsureFits(question, chatOptions.Value.MaxQuestionChars);
        var index = await indexProvider.EnsureLoadedAsync(null, cancellationToken).WaitAsync(cancellationToken);
        IndexWarnings.Report(index, logger);
        var result = await askService.AskAsync(question, null, cancellationToken).WaitAsync(cancellationToken);
        var output = json
            ? AnswerJson.From(result).ToJson() + "\n"
            : AnswerRenderer.Answer(result, console.Width, fullQuotes: true, includeNotes: true);
        await console.Out.WriteAsync(output);
        await console.Out.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
