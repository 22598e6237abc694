using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Hosting;

/// <summary>
/// Runs the <see cref="CorpusWatcher"/> beside the Discord bot for the host's lifetime (unless <c>AskBot:Corpus:Watch</c>
/// is off), so the bot answers from the changed corpus without a restart.
/// </summary>
public sealed class CorpusWatcherService(CorpusWatcher watcher, IOptions<CorpusOptions> options) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Watch ? watcher.RunAsync(stoppingToken) : Task.CompletedTask;
}
