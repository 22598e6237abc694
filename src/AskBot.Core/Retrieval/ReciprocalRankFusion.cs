namespace AskBot.Core.Retrieval;

/// <summary>
/// Reciprocal rank fusion (Cormack et al. 2009): each ranking adds 1 / (k + rank) for the items it lists,
/// rank starting at 1. Uses only ranks, so BM25 and cosine scales need no calibration.
/// </summary>
internal sealed class ReciprocalRankFusion
{
    private readonly int k;

    public ReciprocalRankFusion(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        this.k = k;
    }

    /// <summary>Fuses rankings (each best first, scores ignored); highest fused score first, ties by best single rank then ordinal.</summary>
    public IReadOnlyList<ScoredDocument> Fuse(IReadOnlyList<IReadOnlyList<ScoredDocument>> rankings)
    {
        ArgumentNullException.ThrowIfNull(rankings);

        // Sorting the (document, ranking, rank) entries groups each document's contributions in the order the rankings
        // list them, so the sums are the same doubles a per-document dictionary gave, without hashing per query.
        var total = 0;
        foreach (var ranking in rankings)
        {
            total += ranking.Count;
        }

        var entries = new Entry[total];
        var n = 0;
        for (var r = 0; r < rankings.Count; r++)
        {
            var ranking = rankings[r];
            for (var i = 0; i < ranking.Count; i++)
            {
                entries[n++] = new Entry(ranking[i].Document, r, i + 1);
            }
        }

        Array.Sort(entries, static (a, b) => a.Document != b.Document ? a.Document.CompareTo(b.Document)
            : a.Ranking != b.Ranking ? a.Ranking.CompareTo(b.Ranking) : a.Rank.CompareTo(b.Rank));
        var fused = new Fused[total];
        var count = 0;
        for (var i = 0; i < total; i++)
        {
            var entry = entries[i];
            var contribution = 1.0 / (this.k + entry.Rank);
            if (count > 0 && fused[count - 1].Document == entry.Document)
            {
                var existing = fused[count - 1];
                fused[count - 1] = new Fused(entry.Document, existing.Score + contribution, Math.Min(existing.BestRank, entry.Rank));
            }
            else
            {
                fused[count++] = new Fused(entry.Document, contribution, entry.Rank);
            }
        }

        Array.Sort(fused, 0, count, FusedOrder.Instance);
        var result = new List<ScoredDocument>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(new ScoredDocument(fused[i].Document, fused[i].Score));
        }

        return result;
    }

    private readonly record struct Entry(int Document, int Ranking, int Rank);

    private readonly record struct Fused(int Document, double Score, int BestRank);

    // Highest score first, then best single rank, then ordinal: a total order, so the unstable sort is deterministic.
    private sealed class FusedOrder : IComparer<Fused>
    {
        public static readonly FusedOrder Instance = new();

        public int Compare(Fused x, Fused y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            return x.BestRank != y.BestRank ? x.BestRank.CompareTo(y.BestRank) : x.Document.CompareTo(y.Document);
        }
    }
}
