using AskBot.Core.Retrieval;

namespace AskBot.Core.Tests.Retrieval;

public sealed class Bm25IndexTests
{
    private static Bm25Index Index(params string[] documents)
        => Bm25Index.Build(documents.Select(d => (IReadOnlyList<string>)d.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList());

    private static IReadOnlyList<QueryClause> Query(params string[] terms) => terms.Select(t => new QueryClause([t])).ToList();

    [Fact]
    public void Search_ranks_rarer_terms_higher()
    {
        var index = Index("attack moscow", "attack concert", "attack kabul", "ghafari lead");

        var results = index.Search(Query("attack", "ghafari"), 10);

        Assert.Equal(3, results[0].Document);
    }

    [Fact]
    public void Search_ranks_more_occurrences_higher_with_saturation()
    {
        var index = Index("kill one two three", "kill kill one two", "kill kill kill kill", "none here at all");

        var results = index.Search(Query("kill"), 10);

        Assert.Equal([2, 1, 0], results.Select(r => r.Document));
        Assert.True(results[0].Score - results[1].Score < results[1].Score - results[2].Score);
    }

    [Fact]
    public void Search_prefers_shorter_documents_at_equal_frequency()
    {
        var index = Index("isisk a b c d e f g h i j", "isisk a", "other");

        var results = index.Search(Query("isisk"), 10);

        Assert.Equal([1, 0], results.Select(r => r.Document));
    }

    [Fact]
    public void Search_matches_the_bm25_formula()
    {
        var index = Index("a b", "a c c", "d");
        var results = index.Search(Query("c"), 10);

        // N = 3, df = 1, tf = 2, |d| = 3, avgdl = 2.
        var idf = Math.Log(1 + ((3 - 1 + 0.5) / (1 + 0.5)));
        var expected = idf * (2 * 2.2) / (2 + (1.2 * (1 - 0.75 + (0.75 * 3 / 2.0))));
        Assert.Equal(expected, Assert.Single(results).Score, 10);
    }

    [Fact]
    public void Synonym_clause_sums_frequencies_of_its_terms()
    {
        var index = Index("isk x", "isisk isk", "y");

        var results = index.Search([new QueryClause(["isk", "isisk"])], 10);

        Assert.Equal([1, 0], results.Select(r => r.Document));
    }

    [Fact]
    public void Write_then_read_gives_identical_scores()
    {
        var index = Index("attack moscow concert", "attack kabul", "ghafari lead isisk");
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            index.Write(writer);
        }

        stream.Position = 0;
        var copy = Bm25Index.Read(new BinaryReader(stream));

        Assert.Equal(index.Search(Query("attack", "lead"), 10), copy.Search(Query("attack", "lead"), 10));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1)]
    [InlineData(3, 200)]
    public void Search_over_thousands_of_documents_returns_the_formula_top_k_with_ties_by_ordinal(int seed, int limit)
    {
        // Zipf-like words over an odd number of documents: long postings, many exact ties (equal length and counts),
        // and a tail after the last whole vector of scores.
        var random = new Random(seed);
        var documents = Enumerable.Range(0, 4_001)
            .Select(_ => (IReadOnlyList<string>)Enumerable.Range(0, random.Next(3, 12)).Select(_ => "w" + (int)(40 * Math.Pow(random.NextDouble(), 3))).ToList())
            .ToList();
        var index = Bm25Index.Build(documents);
        var average = documents.Average(d => d.Count);
        var frequencies = documents.SelectMany(d => d.Distinct()).CountBy(t => t).ToDictionary();

        for (var q = 0; q < 20; q++)
        {
            var clauses = new List<QueryClause>
            {
                new(["w" + random.Next(40)]),
                new(["w" + random.Next(40), "w" + random.Next(40)], 0.8),
                new(["missing"]),
            };

            var expected = Enumerable.Range(0, documents.Count)
                .Select(d => new ScoredDocument(d, clauses.Sum(c => FormulaScore(documents[d], c, frequencies, documents.Count, average))))
                .Where(s => s.Score > 0)
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.Document)
                .Take(limit)
                .ToList();
            var actual = index.Search(clauses, limit);

            Assert.Equal(expected.Select(e => e.Document), actual.Select(a => a.Document));
            Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score), (x, y) => Math.Abs(x - y) <= 1e-12 * Math.Abs(x));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Clause_weight_must_be_positive_and_finite(double weight)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueryClause(["attack"], weight));
    }

    // Okapi BM25 as documented on Bm25Index: Lucene idf, k1 = 1.2, b = 0.75, lengths below half the average count as
    // half; a synonym clause sums its terms' frequencies and takes the largest document frequency.
    private static double FormulaScore(IReadOnlyList<string> document, QueryClause clause, Dictionary<string, int> documentFrequencies, int count, double average)
    {
        var terms = clause.Terms.Distinct().ToList();
        var frequency = document.Count(terms.Contains);
        var df = terms.Max(documentFrequencies.GetValueOrDefault);
        if (frequency == 0 || df == 0)
        {
            return 0;
        }

        var idf = Math.Log(1 + ((count - df + 0.5) / (df + 0.5))) * clause.Weight;
        var length = Math.Max(document.Count, average * 0.5);
        return idf * (frequency * 2.2) / (frequency + (1.2 * (1 - 0.75 + (0.75 * length / average))));
    }
}
