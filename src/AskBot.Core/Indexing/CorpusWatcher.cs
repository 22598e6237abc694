using System.Threading.Channels;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Indexing;

/// <summary>
/// Watches the corpus folder for added, changed, removed and renamed corpus files and, once the folder has been quiet for
/// <see cref="CorpusOptions.WatchDebounceMilliseconds"/>, asks the index provider to refresh: a burst of writes (a copy,
/// an editor's save) is one rebuild. A watcher that fails (its event buffer overflowed) is replaced and a refresh
/// follows, since changes may have been missed. Nothing in the loop ends it but cancellation.
/// </summary>
public sealed partial class CorpusWatcher : IDisposable
{
    private readonly ICorpusIndexProvider provider;
    private readonly CorpusOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<CorpusWatcher> logger;
    private readonly CorpusFormats formats;
    private readonly Channel<bool> signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock watcherGate = new();
    private FileSystemWatcher? watcher;
    private long changes;
    private int restarts;
    private bool disposed;

    public CorpusWatcher(
        ICorpusIndexProvider provider, IOptions<CorpusOptions> options, TimeProvider time, ILogger<CorpusWatcher> logger, CorpusFormats? formats = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.provider = provider;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        this.formats = formats ?? CorpusFormats.TextOnly;
    }

    /// <summary>Times the file system watcher failed and was replaced.</summary>
    internal int Restarts => Volatile.Read(ref this.restarts);

    private TimeSpan Debounce => TimeSpan.FromMilliseconds(this.options.WatchDebounceMilliseconds);

    /// <summary>Watches and refreshes until <paramref name="cancellationToken"/> is cancelled; returns normally then.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        this.StartWatcher();
        try
        {
            while (true)
            {
                await this.signals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                await this.WaitUntilQuietAsync(cancellationToken).ConfigureAwait(false);

                // Drained before the refresh reads the folder: a change from here on is picked up by the next round.
                while (this.signals.Reader.TryRead(out _))
                {
                }

                await this.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the only way out.
        }
        finally
        {
            this.StopWatcher();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        this.disposed = true;
        this.StopWatcher();
    }

    /// <summary>Records a change to <paramref name="path"/> if it is a corpus file (the watcher's events come here).</summary>
    internal void OnChanged(string path)
    {
        if (!this.IsCorpusFile(path))
        {
            return;
        }

        Interlocked.Increment(ref this.changes);
        this.signals.Writer.TryWrite(true);
    }

    /// <summary>Replaces a failed watcher and schedules a refresh, since the failure may have lost events.</summary>
    internal void OnError(Exception exception)
    {
        Interlocked.Increment(ref this.restarts);
        this.LogWatcherFailed(exception, exception.Message);
        this.StopWatcher();
        this.StartWatcher();
        Interlocked.Increment(ref this.changes);
        this.signals.Writer.TryWrite(true);
    }

    private bool IsCorpusFile(string path) => this.formats.Accepts(path);

    // Trailing debounce: every change seen while waiting starts the wait again.
    private async Task WaitUntilQuietAsync(CancellationToken cancellationToken)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref this.changes);
            await Task.Delay(this.Debounce, this.time, cancellationToken).ConfigureAwait(false);
        }
        while (Interlocked.Read(ref this.changes) != seen);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A failed rebuild is logged by the provider and keeps the served index.
            await this.provider.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The provider reports failures as an outcome; anything thrown anyway must not stop the watching, and a
            // refresh cut short by stopping is no failure.
            if (!cancellationToken.IsCancellationRequested)
            {
                this.LogRefreshKeptIndex(ex.Message);
            }
        }
    }

    private void StartWatcher()
    {
        lock (this.watcherGate)
        {
            if (this.disposed || this.watcher is not null)
            {
                return;
            }

            var folder = Path.GetFullPath(this.options.Path);
            try
            {
                var created = new FileSystemWatcher(folder)
                {
                    // The reader reads only the top folder.
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                created.Changed += (_, e) => this.OnChanged(e.FullPath);
                created.Created += (_, e) => this.OnChanged(e.FullPath);
                created.Deleted += (_, e) => this.OnChanged(e.FullPath);
                created.Renamed += (_, e) =>
                {
                    this.OnChanged(e.OldFullPath);
                    this.OnChanged(e.FullPath);
                };
                created.Error += (_, e) => this.OnError(e.GetException());
                created.EnableRaisingEvents = true;
                this.watcher = created;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // The index already loaded keeps serving; only changes go unnoticed.
                this.LogCannotWatch(ex, folder, ex.Message);
            }
        }
    }

    private void StopWatcher()
    {
        lock (this.watcherGate)
        {
            this.watcher?.Dispose();
            this.watcher = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching the corpus folder failed ({Error}); watching again and re-checking the corpus")]
    private partial void LogWatcherFailed(Exception exception, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch the corpus folder {CorpusPath} ({Error}); changes to it will not be picked up until restart")]
    private partial void LogCannotWatch(Exception exception, string corpusPath, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corpus refresh failed ({Error}); still answering from the previous index")]
    private partial void LogRefreshKeptIndex(string error);
}
