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
}
