using System.CommandLine;
using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using AskBot.Core.Indexing;
using AskBot.Discord;
using AskBot.Discord.Bot;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Commands;

/// <summary><c>askbot discord [--config FILE]</c>: runs the Discord bot until Ctrl-C, SIGTERM or a fatal gateway close.</summary>
public static class DiscordCommand
{
    public static RootCommand AddDiscordCommand(this RootCommand root, CliConsole console)
    {
        return root.AddConfigOnlyCommand<DiscordCommandHandler>(
            console,
            "discord",
            "Run AskBot as a Discord bot (token from AskBot__Discord__Token or user secrets) until Ctrl-C or SIGTERM.",
            (handler, ct) => handler.RunAsync(ct),
            CliAdapters.Discord);
    }
}

/// <summary>Starts the host (whose hosted service is the bot), waits for shutdown, and reports why the bot stopped.</summary>
public sealed class DiscordCommandHandler(
    IHost host,
    IHostApplicationLifetime lifetime,
    DiscordBotRunState state,
    ICorpusIndexProvider indexProvider,
    IOptions<DiscordOptions> options)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Token))
        {
            throw new CliUsageException(
                "error: AskBot:Discord:Token is not set; set the AskBot__Discord__Token environment variable or a user secret (never appsettings.json).");
        }

        // Load (or build) the index before going online: corpus errors surface here, and the first question is fast.
        await indexProvider.EnsureLoadedAsync(null, cancellationToken);
        await host.StartAsync(cancellationToken);
        try
        {
            // The bot stops the application itself on a fatal close; ConsoleLifetime stops it on SIGTERM.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        if (state.Failure is { } failure)
        {
            throw failure;
        }

        return ExitCodes.Success;
    }
}
