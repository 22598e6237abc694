namespace AskBot.Discord.Rest;

/// <summary>
/// What Discord has said about its rate limits: which routes share a bucket, which buckets are spent until when,
/// and until when a global limit pauses every bot-token request. Thread-safe; time comes only from the injected clock.
/// </summary>
internal sealed class RateLimitTracker
{
    // Only spent buckets are kept, so the per-channel keys of a busy bot don't accumulate.
    private const int PruneThreshold = 256;

    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> bucketHashByTemplate = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> blockedUntilByBucket = new(StringComparer.Ordinal);
    private DateTimeOffset globalUntil = DateTimeOffset.MinValue;

    public RateLimitTracker(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
    }

    /// <summary>How long <paramref name="route"/> must wait before it may be sent (zero when it may go now).</summary>
    public TimeSpan GetDelay(DiscordRoute route) => this.GetWait(route).Delay;

    /// <summary>How long <paramref name="route"/> must wait, and whether the global limit (not its bucket) is what holds it.</summary>
    public RateLimitWait GetWait(DiscordRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var now = this.time.GetUtcNow();
        lock (this.gate)
        {
            // Discord: interaction endpoints are not bound to the bot's global limit, so the 3 s ack deadline never waits on it.
            var until = route.UsesBotToken ? this.globalUntil : DateTimeOffset.MinValue;
            var global = until > now;
            var key = this.BucketKey(route);
            if (this.blockedUntilByBucket.TryGetValue(key, out var bucketUntil))
            {
                if (bucketUntil <= now)
                {
                    this.blockedUntilByBucket.Remove(key);
                }
                else if (bucketUntil > until)
                {
                    until = bucketUntil;
                    global = false;
                }
            }

            return until > now ? new RateLimitWait(until - now, global) : new RateLimitWait(TimeSpan.Zero, false);
        }
    }

    /// <summary>Learns the route's bucket hash and, when the bucket is spent, blocks it until its window resets.</summary>
    public void Update(DiscordRoute route, RateLimitHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(headers);
        lock (this.gate)
        {
            if (headers.Bucket is { } hash)
            {
                this.bucketHashByTemplate[route.Template] = hash;
            }

            if (headers is { Remaining: <= 0, ResetAfter: { } resetAfter })
            {
                this.BlockBucket(route, resetAfter);
            }
        }
    }

    /// <summary>Records a 429: blocks the route's bucket and, when the limit is global, every bot-token request.</summary>
    public void OnRateLimited(DiscordRoute route, TimeSpan retryAfter, bool global)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (this.gate)
        {
            // The bucket too, so a retry on an interaction endpoint (exempt from the global pause) still waits.
            this.BlockBucket(route, retryAfter);
            if (global)
            {
                var until = this.time.GetUtcNow() + retryAfter;
                if (until > this.globalUntil)
                {
                    this.globalUntil = until;
                }
            }
        }
    }

    private void BlockBucket(DiscordRoute route, TimeSpan duration)
    {
        var now = this.time.GetUtcNow();
        var key = this.BucketKey(route);
        var until = now + duration;
        if (!this.blockedUntilByBucket.TryGetValue(key, out var current) || until > current)
        {
            this.blockedUntilByBucket[key] = until;
        }

        if (this.blockedUntilByBucket.Count > PruneThreshold)
        {
            foreach (var expired in this.blockedUntilByBucket.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToList())
            {
                this.blockedUntilByBucket.Remove(expired);
            }
        }
    }

    // Routes that Discord reports under one hash share a bucket, but still one per top-level resource.
    private string BucketKey(DiscordRoute route) =>
        (this.bucketHashByTemplate.TryGetValue(route.Template, out var hash) ? "hash:" + hash : "route:" + route.Template)
        + "|" + route.MajorParameter;
}

/// <summary>A wait before a request; <paramref name="Global"/> when the bot-wide limit, not the route's bucket, sets it.</summary>
internal readonly record struct RateLimitWait(TimeSpan Delay, bool Global);
