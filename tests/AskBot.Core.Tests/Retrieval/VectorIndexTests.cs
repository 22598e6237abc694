using AskBot.Core.Retrieval;

namespace AskBot.Core.Tests.Retrieval;

public sealed class VectorIndexTests
{
    // Skewed feature frequencies like character n-grams: a few features in almost every vector, most in few.
    private static List<SparseVector> RandomVectors(Random random, int count, int features, int perVector, bool signed = false)
    {
        var vectors = new List<SparseVector>(count);
        for (var d = 0; d < count; d++)
        {
            var set = new SortedSet<int>();
            while (set.Count < perVector)
            {
                var u = random.NextDouble();
                set.Add((int)(features * u * u * u));
            }

            var indices = set.ToArray();
            var values = indices.Select(f => (float)((signed ? random.NextDouble() - 0.5 : random.NextDouble()) * (1 + (f / 50.0)))).ToArray();
            vectors.Add(new SparseVector(indices, values));
        }

        return vectors;
    }

    private static List<ScoredDocument> Exhaustive(IReadOnlyList<SparseVector> vectors, SparseVector query, int limit)
        => vectors
            .Select((v, d) => new ScoredDocument(d, query.Cosine(v)))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Document)
            .Take(limit)
            .ToList();

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 50)]
    [InlineData(3, 1)]
    [InlineData(4, 500)]
    public void Search_returns_the_exhaustive_cosine_top_k_bit_for_bit(int seed, int limit)
    {
        var random = new Random(seed);

        // An odd count leaves a tail after the last whole group of cosines computed a vector at a time.
        var vectors = RandomVectors(random, 20_003, 3000, 40);
        var index = new VectorIndex(vectors);

        foreach (var query in RandomVectors(random, 20, 3000, 12))
        {
            Assert.Equal(Exhaustive(vectors, query, limit), index.Search(query, limit));
        }
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(6, 100)]
    public void Search_with_negative_values_returns_only_positive_cosines_bit_for_bit(int seed, int limit)
    {
        // Dense provider embeddings have negative components: dot products can cancel to zero or below.
        var random = new Random(seed);
        var vectors = RandomVectors(random, 5_001, 500, 30, signed: true);
        var index = new VectorIndex(vectors);

        foreach (var query in RandomVectors(random, 20, 500, 12, signed: true))
        {
            var expected = Exhaustive(vectors, query, limit);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, index.Search(query, limit));
        }
    }

    [Fact]
    public void Search_keeps_ties_in_ordinal_order_across_the_cut()
    {
        // Identical vectors tie exactly; the cut at the limit must keep the lowest ordinals, as a full sort would.
        var same = new SparseVector([0, 5, 9], [0.2f, 0.5f, 0.1f]);
        var vectors = Enumerable.Range(0, 40).Select(_ => same).Concat([new SparseVector([0], [1f])]).ToList();
        var index = new VectorIndex(vectors);

        var result = index.Search(new SparseVector([0, 5], [1f, 1f]), 10);

        Assert.Equal(Exhaustive(vectors, new SparseVector([0, 5], [1f, 1f]), 10), result);
        Assert.Equal(Enumerable.Range(0, 10), result.Select(r => r.Document));
    }

    [Fact]
    public void Search_after_write_and_read_matches_the_built_index()
    {
        var random = new Random(7);
        var vectors = RandomVectors(random, 500, 1000, 30);
        var built = new VectorIndex(vectors);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            built.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var loaded = VectorIndex.Read(reader);

        foreach (var query in RandomVectors(random, 10, 1000, 10))
        {
            Assert.Equal(built.Search(query, 8), loaded.Search(query, 8));
        }
    }

    [Fact]
    public void Search_ignores_query_features_outside_the_index()
    {
        var index = new VectorIndex([new SparseVector([0, 1], [1f, 1f]), new SparseVector([1], [1f])]);

        var result = index.Search(new SparseVector([1, 99], [1f, 1f]), 5);

        Assert.Equal([1, 0], result.Select(r => r.Document));
    }
}
