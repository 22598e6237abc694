using System.CommandLine;
using System.Globalization;
using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using AskBot.Cli.Output;
using AskBot.Core.Storage;
using AskBot.Discord;
using AskBot.Discord.Feedback;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary>
/// <c>askbot feedback export --out FILE [--include-unhelpful] [--config FILE]</c> and
/// <c>askbot feedback purge [--older-than-days N | --all] [--config FILE]</c>.
/// </summary>
public static class FeedbackCommand
{
    // The range of AskBot:Discord:FeedbackRetentionDays.
    private const int MinDays = 1;
    private const int MaxDays = 3650;

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
        var feedback = new Command("feedback", "Work with the Helpful / Not helpful votes collected by the Discord bot.") { export, CreatePurgeCommand(console) };
        root.Subcommands.Add(feedback);
        return root;
    }

    /// <summary>The value of <c>--older-than-days</c>: a whole number of days in the range of <c>AskBot:Discord:FeedbackRetentionDays</c>.</summary>
    /// <exception cref="CliUsageException">The value is not such a number.</exception>
    public static int ParseOlderThanDays(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < MinDays || days > MaxDays)
        {
            throw new CliUsageException(
                $"error: --older-than-days must be a whole number of days from {MinDays} to {MaxDays}, not '{TextSanitizer.SingleLine(value)}'");
        }

        return days;
    }

    private static Command CreatePurgeCommand(CliConsole console)
    {
        var olderThanDays = new Option<string?>("--older-than-days")
        {
            Description = "Delete answers and votes older than this many days (default: AskBot:Discord:FeedbackRetentionDays).",
            HelpName = "N",
        };
        var all = new Option<bool>("--all") { Description = "Delete every stored answer and vote." };
        var config = CommandLineExtensions.CreateConfigOption();
        var purge = new Command("purge", "Delete stored answers and votes older than the retention period, now.")
        {
            olderThanDays, all, config,
        };
        purge.SetAction(async (parseResult, cancellationToken) =>
        {
            int? days;
            try
            {
                days = parseResult.GetValue(olderThanDays) is { } value ? ParseOlderThanDays(value) : null;
                if (days is not null && parseResult.GetValue(all))
                {
                    throw new CliUsageException("error: give either --older-than-days or --all, not both");
                }
            }
            catch (CliUsageException usage)
            {
                await console.Error.WriteLineAsync(usage.Message);
                await console.Error.FlushAsync(CancellationToken.None);
                return ExitCodes.Usage;
            }

            return await CliRunner.RunAsync<FeedbackPurgeCommandHandler>(
                console,
                parseResult.GetValue(config),
                CliAdapters.Discord,
                (handler, ct) => handler.RunAsync(days, parseResult.GetValue(all), ct),
                cancellationToken);
        });
        return purge;
    }
}

/// <summary>Exports the feedback database (<c>AskBot:Discord:FeedbackDb</c>) as a question set.</summary>
public sealed class FeedbackExportCommandHandler(FeedbackExporter exporter, IOptions<DiscordOptions> options, IOptions<StorageOptions> storage, CliConsole console)
{
    public async Task<int> RunAsync(string outputPath, bool includeUnhelpful, CancellationToken cancellationToken)
    {
        var database = Path.GetFullPath(options.Value.FeedbackDb);
        if (storage.Value.Provider == StorageProviders.Sqlite && !File.Exists(database))
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

/// <summary>Deletes old answers and votes from the feedback database (<c>AskBot:Discord:FeedbackDb</c>) in one transaction.</summary>
public sealed class FeedbackPurgeCommandHandler(IFeedbackStore store, IOptions<DiscordOptions> options, IOptions<StorageOptions> storage, TimeProvider timeProvider, CliConsole console)
{
    /// <param name="olderThanDays">Days to keep, or null for <c>AskBot:Discord:FeedbackRetentionDays</c>.</param>
    /// <param name="all">Delete everything.</param>
    /// <param name="cancellationToken">Stops the purge (the transaction is then rolled back).</param>
    public async Task<int> RunAsync(int? olderThanDays, bool all, CancellationToken cancellationToken)
    {
        var shared = storage.Value.Provider == StorageProviders.Postgres;
        var database = shared ? "the PostgreSQL database (AskBot:Storage)" : Path.GetFullPath(options.Value.FeedbackDb);
        if (!shared && !File.Exists(database))
        {
            // As for export: a wrong path must not look like an empty database.
            throw new CliUsageException(
                $"error: no feedback database at {TextSanitizer.SingleLine(database)} (AskBot:Discord:FeedbackDb); nothing to purge.");
        }

        var days = olderThanDays ?? options.Value.FeedbackRetentionDays;
        var cutoff = all ? DateTimeOffset.MaxValue : timeProvider.GetUtcNow() - TimeSpan.FromDays(days);
        var removed = await store.PurgeAsync(cutoff, cancellationToken);
        var scope = all
            ? "(all)"
            : string.Create(CultureInfo.InvariantCulture, $"older than {days} day(s), stored before {cutoff:u}");
        await console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Removed {removed.Answers} answer(s) and {removed.Votes} vote(s) {scope} from {TextSanitizer.SingleLine(database)}."));
        await console.Out.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
