namespace AskBot.Core.Retrieval;

/// <summary>
/// Each chunk's sentences as sorted sets of vocabulary term ids, analysed the first time a query needs the chunk and
/// kept for the life of the index. Re-analysing the sentences of every BM25 candidate (stemming, Unicode folding) was
/// most of a query's time; ids keep the cache small (a few hundred bytes per chunk). Thread-safe: racing queries may
/// analyse a chunk twice, and either result is kept.
/// </summary>
public sealed class SentenceTermCache
{
    private readonly Entry?[] entries;

    public SentenceTermCache(int chunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        this.entries = new Entry?[chunkCount];
    }

    /// <summary>The cached sentence id sets of <paramref name="chunk"/>, computed by <paramref name="analyze"/> on first use.</summary>
    internal int[][] GetOrAdd(int chunk, Func<int[][]> analyze)
    {
        var entry = Volatile.Read(ref this.entries[chunk]);
        if (entry is null)
        {
            entry = new Entry(analyze());
            entry = Interlocked.CompareExchange(ref this.entries[chunk], entry, null) ?? entry;
        }

        return entry.Sentences;
    }

    private sealed record Entry(int[][] Sentences);
}
