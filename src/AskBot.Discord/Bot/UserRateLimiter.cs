using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Bot;

/// <summary>What <see cref="UserRateLimiter.TryAcquire"/> decided.</summary>
public enum RateLimitDecision
{
    /// <summary>Under the limit: answer.</summary>
    Allowed,

    /// <summary>Over the limit for the first time since the user was last allowed (or for a whole window): reply "slow down".</summary>
    LimitedNotify,

    /// <summary>Over the limit and already told: acknowledge without a message (a reaction).</summary>
    Limited,
}

/// <summary>
/// At most <see cref="DiscordOptions.UserRateLimitCount"/> questions per user in any
/// <see cref="DiscordOptions.UserRateLimitWindowSeconds"/>: a <see cref="PartitionedRateLimiter{TResource}"/> keyed by
/// user whose permits are handed back one window after they were taken. Thread-safe.
/// </summary>
/// <remarks>
/// The BCL's replenishing limiters read <see cref="System.Diagnostics.Stopwatch"/> even when replenished by hand
/// (<c>TryReplenish</c> does nothing until a real period has passed), so they cannot follow a
/// <see cref="TimeProvider"/>. A concurrency limiter has no clock at all; returning each permit from a
/// <see cref="TimeProvider"/> timer makes it an exact sliding window that tests drive with a fake clock. Idle users'
/// limiters are dropped by the partitioned limiter, and the timers are bounded by the permits in use.
/// </remarks>
public sealed class UserRateLimiter : IDisposable
{
    // Past this many remembered warnings, the expired ones are dropped on the next warning.
    private const int NotifiedPruneThreshold = 1024;

    private readonly TimeSpan window;
    private readonly TimeProvider time;
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly ConcurrentDictionary<PendingRelease, byte> pending = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> notifiedAt = new(StringComparer.Ordinal);
    private volatile bool disposed;

    /// <summary>Takes the limit and window from <paramref name="options"/>; time (and so every window) from <paramref name="time"/>.</summary>
    public UserRateLimiter(IOptions<DiscordOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var limit = Math.Max(1, options.Value.UserRateLimitCount);
        this.window = TimeSpan.FromSeconds(Math.Max(1, options.Value.UserRateLimitWindowSeconds));
        this.time = time;
        this.limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetConcurrencyLimiter(
            userId,
            _ => new ConcurrencyLimiterOptions { PermitLimit = limit, QueueLimit = 0 }));
    }

    /// <summary>Permits taken and not yet handed back (one per question allowed within the last window).</summary>
    public int PermitsInUse => this.pending.Count;

    /// <summary>Counts a question of <paramref name="userId"/> if it is under the limit.</summary>
    public RateLimitDecision TryAcquire(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ObjectDisposedException.ThrowIf(this.disposed, this);
        var lease = this.limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            this.ReleaseAfterWindow(lease);
            this.notifiedAt.TryRemove(userId, out _);
            return RateLimitDecision.Allowed;
        }

        lease.Dispose();
        var now = this.time.GetUtcNow();
        var notify = false;
        this.notifiedAt.AddOrUpdate(
            userId,
            _ =>
            {
                notify = true;
                return now;
            },
            (_, last) =>
            {
                notify = now - last >= this.window;
                return notify ? now : last;
            });
        if (notify && this.notifiedAt.Count > NotifiedPruneThreshold)
        {
            this.PruneNotified(now);
        }

        return notify ? RateLimitDecision.LimitedNotify : RateLimitDecision.Limited;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (this.disposed)
        {
            return;
        }

        this.disposed = true;
        foreach (var release in this.pending.Keys)
        {
            release.Cancel();
        }

        this.pending.Clear();
        this.limiter.Dispose();
    }

    private void ReleaseAfterWindow(RateLimitLease lease)
    {
        var release = new PendingRelease(this, lease);
        this.pending.TryAdd(release, 0);

        // The timer is kept in the set: an unreferenced system timer may be collected before it fires.
        release.Start(this.time, this.window);
    }

    private void PruneNotified(DateTimeOffset now)
    {
        foreach (var (userId, at) in this.notifiedAt)
        {
            if (now - at >= this.window)
            {
                this.notifiedAt.TryRemove(new KeyValuePair<string, DateTimeOffset>(userId, at));
            }
        }
    }

    /// <summary>One permit on its way back: the lease, and the timer that returns it.</summary>
    private sealed class PendingRelease(UserRateLimiter owner, RateLimitLease lease)
    {
        private readonly Lock gate = new();
        private ITimer? timer;
        private bool done;

        public void Start(TimeProvider time, TimeSpan delay)
        {
            var created = time.CreateTimer(static state => ((PendingRelease)state!).Release(), this, delay, Timeout.InfiniteTimeSpan);
            lock (this.gate)
            {
                if (this.done)
                {
                    created.Dispose();
                    return;
                }

                this.timer = created;
            }
        }

        public void Cancel() => this.Finish();

        private void Release()
        {
            this.Finish();
            owner.pending.TryRemove(this, out _);
        }

        private void Finish()
        {
            ITimer? toDispose;
            lock (this.gate)
            {
                if (this.done)
                {
                    return;
                }

                this.done = true;
                toDispose = this.timer;
            }

            toDispose?.Dispose();
            lease.Dispose();
        }
    }
}
