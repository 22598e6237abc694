using AskBot.Core.Retrieval;

namespace AskBot.Core.Tests.Retrieval;

public sealed class ReciprocalRankFusionTests
{
    private static IReadOnlyList<ScoredDocument> Ranking(params int[] documents)
        => documents.Select((d, i) => new ScoredDocument(d, 100 - i)).ToList();

    [Fact]
    public void Fuse_adds_one_over_k_plus_rank_from_each_ranking()
    {
        var fused = new ReciprocalRankFusion(60).Fuse([Ranking(1, 2, 3), Ranking(3, 1)]);

        var scores = fused.ToDictionary(f => f.Document, f => f.Score);
        Assert.Equal((1.0 / 61) + (1.0 / 62), scores[1], 12);
        Assert.Equal(1.0 / 62, scores[2], 12);
        Assert.Equal((1.0 / 63) + (1.0 / 61), scores[3], 12);
    }

    [Fact]
    public void Fuse_orders_by_fused_score_so_agreement_beats_a_single_top_rank()
    {
        var fused = new ReciprocalRankFusion(60).Fuse([Ranking(7, 1, 2), Ranking(8, 1, 2)]);

        Assert.Equal([1, 2, 7, 8], fused.Select(f => f.Document).Take(4));
    }

    [Fact]
    public void Fuse_breaks_ties_by_best_rank_then_ordinal()
    {
        var fused = new ReciprocalRankFusion(10).Fuse([Ranking(5, 4), Ranking(4, 5)]);

        Assert.Equal([4, 5], fused.Select(f => f.Document));
    }

    [Fact]
    public void Fuse_ignores_raw_scores()
    {
        var a = new ReciprocalRankFusion(60).Fuse([[new ScoredDocument(1, 1000), new ScoredDocument(2, 0.001)]]);

        Assert.Equal(1.0 / 61, a[0].Score, 12);
        Assert.Equal(1.0 / 62, a[1].Score, 12);
    }

    [Fact]
    public void Fuse_of_no_rankings_is_empty()
    {
        Assert.Empty(new ReciprocalRankFusion(60).Fuse([]));
    }

    [Fact]
    public void Constructor_rejects_non_positive_k()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReciprocalRankFusion(0));
    }
}
