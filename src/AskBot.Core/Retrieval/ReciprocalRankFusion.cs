namespace AskBot.Core.Retrieval;

/// <summary>
/// Reciprocal rank fusion (Cormack et al. 2009): each ranking adds 1 / (k + rank) for the items it lists,
/// rank starting at 1. Uses only ranks, so BM25 and cosine scales need no calibration.
/// </summary>
public sealed class ReciprocalRankFusion
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
        var fused = new Dictionary<int, (double Score, int BestRank)>();
        foreach (var ranking in rankings)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var rank = i + 1;
                var doc = ranking[i].Document;
                var contribution = 1.0 / (this.k + rank);
                fused[doc] = fused.TryGetValue(doc, out var existing)
                    ? (existing.Score + contribution, Math.Min(existing.BestRank, rank))
                    : (contribution, rank);
            }
        }

        return fused
            .OrderByDescending(f => f.Value.Score)
            .ThenBy(f => f.Value.BestRank)
            .ThenBy(f => f.Key)
            .Select(f => new ScoredDocument(f.Key, f.Value.Score))
            .ToList();
    }
}
