using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Indexing;
using AskBot.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Core.Tests.Indexing;

/// <summary><see cref="CorpusWatcher"/> on a real temp folder, debounced on a fake clock where the test drives time.</summary>
public sealed class CorpusWatcherTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "askbot-watch-test-" + Guid.NewGuid().ToString("N"));
    private readonly IngestionTestLogger<CorpusWatcher> logger = new();

    public CorpusWatcherTests()
    {
        Directory.CreateDirectory(this.folder);
    }

    public void Dispose()
    {
        Directory.Delete(this.folder, recursive: true);
    }

    [Fact]
    public async Task A_burst_of_changes_is_one_refresh_after_the_corpus_is_quiet()
    {
        var clock = new FakeTimeProvider();
        var provider = new RecordingProvider(clock);
        using var watcher = this.CreateWatcher(provider, clock, debounceMs: 1000);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        // Five changes 300 ms apart: never a quiet second among them.
        for (var i = 0; i < 5; i++)
        {
            watcher.OnChanged(Path.Combine(this.folder, $"article-{i}.txt"));
            await Task.Delay(20);
            clock.Advance(TimeSpan.FromMilliseconds(300));
        }

        var lastChange = clock.GetUtcNow() - TimeSpan.FromMilliseconds(300);
        await AdvanceUntilAsync(clock, () => provider.Refreshes.Count >= 1);
        await AdvanceAsync(clock, TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        var refresh = Assert.Single(provider.Refreshes);
        Assert.True(refresh - lastChange >= TimeSpan.FromSeconds(1), $"refreshed {refresh - lastChange} after the last change");
    }

    [Fact]
    public async Task Files_the_reader_does_not_read_are_ignored()
    {
        var clock = new FakeTimeProvider();
        var provider = new RecordingProvider(clock);
        using var watcher = this.CreateWatcher(provider, clock, debounceMs: 100);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        watcher.OnChanged(Path.Combine(this.folder, "notes.swp"));
        watcher.OnChanged(Path.Combine(this.folder, "index.bin.tmp"));
        await AdvanceAsync(clock, TimeSpan.FromSeconds(2));
        watcher.OnChanged(Path.Combine(this.folder, "ARTICLE" + CorpusFormats.PlainText.ToUpperInvariant()));
        await AdvanceUntilAsync(clock, () => provider.Refreshes.Count >= 1);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.Single(provider.Refreshes);
    }

    [Fact]
    public async Task A_file_written_to_the_folder_triggers_a_refresh()
    {
        var provider = new RecordingProvider(TimeProvider.System);
        using var watcher = this.CreateWatcher(provider, TimeProvider.System, debounceMs: 50);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        await WriteUntilRefreshedAsync(Path.Combine(this.folder, "new.txt"), provider, 1);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.NotEmpty(provider.Refreshes);
    }

    [Fact]
    public async Task A_failed_file_watcher_is_restarted_and_the_corpus_checked_again()
    {
        var provider = new RecordingProvider(TimeProvider.System);
        using var watcher = this.CreateWatcher(provider, TimeProvider.System, debounceMs: 50);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        watcher.OnError(new InternalBufferOverflowException("too many changes at once"));
        await WaitUntilAsync(() => provider.Refreshes.Count >= 1);
        await WriteUntilRefreshedAsync(Path.Combine(this.folder, "after-restart.txt"), provider, 2);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.Equal(1, watcher.Restarts);
        Assert.Contains(this.logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("too many changes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_that_throws_does_not_stop_the_watching()
    {
        var clock = new FakeTimeProvider();
        var provider = new RecordingProvider(clock) { Throws = true };
        using var watcher = this.CreateWatcher(provider, clock, debounceMs: 100);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        watcher.OnChanged(Path.Combine(this.folder, "a.txt"));
        await AdvanceUntilAsync(clock, () => provider.Refreshes.Count >= 1);
        watcher.OnChanged(Path.Combine(this.folder, "b.txt"));
        await AdvanceUntilAsync(clock, () => provider.Refreshes.Count >= 2);
        Assert.False(running.IsCompleted);
        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        Assert.Equal(2, provider.Refreshes.Count);
        Assert.Contains(this.logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("disk on fire", StringComparison.Ordinal));
    }

    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan total)
    {
        for (var step = TimeSpan.Zero; step < total; step += TimeSpan.FromMilliseconds(100))
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }
    }

    // The loop registers its timer on its own thread: time moves in small steps, with real pauses for the loop to catch up.
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher never refreshed");
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher never refreshed");
            await Task.Delay(20);
        }
    }

    // The kernel's watch may be armed a moment after RunAsync returns to the caller: the write is repeated until seen.
    private static async Task WriteUntilRefreshedAsync(string path, RecordingProvider provider, int refreshes)
    {
        var deadline = DateTime.UtcNow + Patience;
        var attempt = 0;
        while (provider.Refreshes.Count < refreshes)
        {
            Assert.True(DateTime.UtcNow < deadline, "no refresh followed the write");
            await File.WriteAllTextAsync(path, $"Written {attempt++}.");
            await Task.Delay(250);
        }
    }

    private CorpusWatcher CreateWatcher(ICorpusIndexProvider provider, TimeProvider clock, int debounceMs) =>
        new(provider, Options.Create(new CorpusOptions { Path = this.folder, WatchDebounceMilliseconds = debounceMs }), clock, this.logger);

    /// <summary>Records when each refresh was asked for; the index itself is not the point here.</summary>
    private sealed class RecordingProvider(TimeProvider clock) : ICorpusIndexProvider
    {
        private readonly Lock gate = new();
        private readonly List<DateTimeOffset> refreshes = [];

        public event EventHandler<CorpusRefresh>? IndexSwapped;

        public bool Throws { get; init; }

        public IReadOnlyList<DateTimeOffset> Refreshes
        {
            get
            {
                lock (this.gate)
                {
                    return [.. this.refreshes];
                }
            }
        }

        public Task<CorpusRefresh> RefreshAsync(CancellationToken cancellationToken = default)
        {
            lock (this.gate)
            {
                this.refreshes.Add(clock.GetUtcNow());
            }

            if (this.Throws)
            {
                throw new IOException("disk on fire");
            }

            var refresh = new CorpusRefresh(CorpusRefreshOutcome.Swapped, 1, 1, 1, 0, TimeSpan.Zero, []);
            this.IndexSwapped?.Invoke(this, refresh);
            return Task.FromResult(refresh);
        }

        public Task<CorpusIndexInfo> EnsureLoadedAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<CorpusIndexInfo> RebuildAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public SourceDocument GetDocument(string docId) => throw new NotSupportedException();
    }
}
