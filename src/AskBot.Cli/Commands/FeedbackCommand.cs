using System.CommandLine;
using System.Globalization;
using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using AskBot.Cli.Output;
using AskBot.Discord;
using AskBot.Discord.Feedback;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary><c>askbot feedback export --out FILE [--include-unhelpful] [--config FILE]</c>.</summary>
public static class FeedbackCommand
{
    public static RootCommand AddFeedbackCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        var output = new Option<string>("--out")
        {
            Description = "Question-set file (JSON Lines) to write; `askbot eval --set FILE` runs it.",
            HelpName = "FILE",
            Required = true,
        };
        var includeUnhelpful = new Option<bool>("--include-unhelpful")
        {
            Description = "Also export answers voted Not helpful, as cases for a person to review (category feedback-unhelpful).",
        };
        var config = CommandLineExtensions.CreateConfigOption();
        var export = new Command("export", "Export the answers voted on in Discord as a question set for `askbot eval`.")
        {
            output, includeUnhelpful, config,
        };
        // The feedback database is a Discord setting (AskBot:Discord:FeedbackDb), so this command composes that adapter.
        export.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync<FeedbackExportCommandHandler>(
            console,
            parseResult.GetValue(config),
            CliAdapters.Discord,
            (handler, ct) => handler.RunAsync(parseResult.GetValue(output)!, parseResult.GetValue(includeUnhelpful), ct),
            cancellationToken));
        var feedback = new Command("feedback", "Work with the Helpful / Not helpful votes collected by the Discord bot.") { export };
        root.Subcommands.Add(feedback);
        return root;
    }
}

/// <summary>Exports the feedback database (<c>AskBot:Discord:FeedbackDb</c>) as a question set.</summary>
public sealed class FeedbackExportCommandHandler(FeedbackExporter exporter, IOptions<DiscordOptions> options, CliConsole console)
{
    public async Task<int> RunAsync(string outputPath, bool includeUnhelpful, CancellationToken cancellationToken)
    {
        var database = Path.GetFullPath(options.Value.FeedbackDb);
        if (!File.Exists(database))
        {
            // Opening a missing SQLite file would create an empty one and export nothing, hiding a wrong path.
            throw new CliUsageException(
                $"error: no feedback database at {TextSanitizer.SingleLine(database)} (AskBot:Discord:FeedbackDb); run `askbot discord` and collect votes first.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new CliUsageException($"error: cannot write {TextSanitizer.SingleLine(outputPath)}: the folder does not exist.");
        }

        var summary = await exporter.ExportAsync(new FeedbackExportOptions(outputPath, includeUnhelpful), cancellationToken);
        await console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Exported {summary.Exported} question(s) to {TextSanitizer.SingleLine(summary.OutputPath)} ({summary.Skipped} skipped, {summary.Unvoted} without votes)."));
        await console.Out.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
