using Microsoft.Extensions.Options;

namespace AskBot.Discord.Bot;

/// <summary>What <see cref="UserRateLimiter.TryAcquire"/> decided.</summary>
public enum RateLimitDecision
{
    /// <summary>Under the limit: answer.</summary>
    Allowed,

    /// <summary>Over the limit for the first time in this window: don't answer, say "slow down" once.</summary>
    LimitedNotify,

    /// <summary>Over the limit and already told: ignore silently.</summary>
    Limited,
}

/// <summary>
/// A sliding-window limit of <see cref="DiscordOptions.UserRateLimitCount"/> questions per user per
/// <see cref="DiscordOptions.UserRateLimitWindowSeconds"/>. Time comes from <see cref="TimeProvider"/>; users idle for a
/// whole window are forgotten, so memory stays bounded by recent users. Thread-safe.
/// </summary>
public sealed class UserRateLimiter
{
    private readonly int limit;
    private readonly TimeSpan window;
    private readonly TimeProvider time;
    private readonly Dictionary<string, UserWindow> users = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <summary>Takes the limit and window from <paramref name="options"/>.</summary>
    public UserRateLimiter(IOptions<DiscordOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.limit = Math.Max(1, options.Value.UserRateLimitCount);
        this.window = TimeSpan.FromSeconds(Math.Max(1, options.Value.UserRateLimitWindowSeconds));
        this.time = time;
    }

    /// <summary>Counts a question of <paramref name="userId"/> if it is under the limit.</summary>
    public RateLimitDecision TryAcquire(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = this.time.GetUtcNow();
        lock (this.gate)
        {
            this.Sweep(now);
            if (!this.users.TryGetValue(userId, out var user))
            {
                user = new UserWindow();
                this.users.Add(userId, user);
            }

            user.Expire(now - this.window);
            if (user.Times.Count < this.limit)
            {
                user.Times.Enqueue(now);
                user.Warned = false;
                return RateLimitDecision.Allowed;
            }

            if (user.Warned)
            {
                return RateLimitDecision.Limited;
            }

            user.Warned = true;
            return RateLimitDecision.LimitedNotify;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < this.nextSweep)
        {
            return;
        }

        this.nextSweep = now + this.window;
        var cutoff = now - this.window;
        foreach (var (id, user) in this.users.ToList())
        {
            user.Expire(cutoff);
            if (user.Times.Count == 0)
            {
                this.users.Remove(id);
            }
        }
    }

    private sealed class UserWindow
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public bool Warned { get; set; }

        public void Expire(DateTimeOffset cutoff)
        {
            while (this.Times.Count > 0 && this.Times.Peek() <= cutoff)
            {
                this.Times.Dequeue();
            }
        }
    }
}
