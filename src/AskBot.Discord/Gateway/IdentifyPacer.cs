namespace AskBot.Discord.Gateway;

/// <summary>
/// Paces identifies as Discord requires: shards fall into <c>max_concurrency</c> buckets (<c>shard_id % max_concurrency</c>)
/// and each bucket may identify once per <see cref="Interval"/> (5 s). Shards of different buckets identify together.
/// </summary>
public sealed class IdentifyPacer
{
    /// <summary>Discord's rate of identifies per bucket.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider time;
    private readonly SemaphoreSlim[] gates;
    private readonly long?[] lastIdentify;

    public IdentifyPacer(int maxConcurrency, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        var buckets = Math.Max(1, maxConcurrency);
        this.gates = [.. Enumerable.Range(0, buckets).Select(_ => new SemaphoreSlim(1, 1))];
        this.lastIdentify = new long?[buckets];
    }

    /// <summary>Buckets (Discord's <c>max_concurrency</c>).</summary>
    public int Buckets => this.gates.Length;

    /// <summary>
    /// Waits until <paramref name="shardId"/>'s bucket may identify, and takes that turn. The bucket stays taken until
    /// the returned turn is disposed, after the identify has been sent: the interval runs from the end of one send to
    /// the start of the next, so a slow first send (a process still starting) cannot bring two identifies closer.
    /// </summary>
    public async Task<IDisposable> WaitTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = shardId % this.gates.Length;
        var gate = this.gates[bucket];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.lastIdentify[bucket] is long last)
            {
                var wait = Interval - this.time.GetElapsedTime(last);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, this.time, cancellationToken).ConfigureAwait(false);
                }
            }

            return new Turn(this, bucket);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Turn(IdentifyPacer pacer, int bucket) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref this.disposed, 1) == 0)
            {
                pacer.lastIdentify[bucket] = pacer.time.GetTimestamp();
                pacer.gates[bucket].Release();
            }
        }
    }
}
