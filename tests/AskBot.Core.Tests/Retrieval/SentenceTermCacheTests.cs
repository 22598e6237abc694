using AskBot.Core.Retrieval;
using AskBot.Core.Tests.TestSupport;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Retrieval;

public sealed class SentenceTermCacheTests
{
    private static readonly string[] Tricky =
    [
        "ISIS-K's leader, Sanaullah Ghafari, said 6,200 people—mostly civilians—died in 2024.",
        "The 29-year-old U.S. soldier (née Dupré) wasn’t \u201Chere\u201D; café-owners—and Q&A... e.g. 3.5% or 1½ cups",
        "Non\u00A0breaking\u2003spaces\tand\nnewlines, a co\u00ADoperative, ‘quoted’ words, x\u0301y and İstanbul.",
        "  leading and trailing   ",
        string.Empty,
    ];

    [Fact]
    public void AnalyzeInto_matches_the_analyzer_on_every_seed_text_and_tricky_strings()
    {
        var analyzer = new TermAnalyzer();
        var texts = Directory.GetFiles(IngestionSeeds.SeedsPath, "*.txt")
            .SelectMany(f => File.ReadAllText(f).Split("\n\n"))
            .Concat(Tricky)
            .ToList();
        var lexical = Bm25Index.Build(texts.Take(texts.Count / 2).Select(t => analyzer.Terms(t)).ToList());
        var cache = new SentenceTermCache(0);

        // Twice: the second pass reads every word from the memo.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var text in texts)
            {
                var expected = analyzer.Terms(text);
                var terms = new List<string>();
                var ids = new List<int>();
                cache.AnalyzeInto(text, 0, text.Length, analyzer, lexical, terms, ids);

                Assert.Equal(expected, terms);
                Assert.Equal(expected.Select(t => lexical.TryGetTermId(t, out var id) ? id : -1).Where(id => id >= 0), ids);
            }
        }
    }

    [Fact]
    public void AnalyzeInto_analyses_only_the_given_range()
    {
        var analyzer = new TermAnalyzer();
        var text = "Gunmen stormed the hall. Officials counted the dead.";
        var lexical = Bm25Index.Build([analyzer.Terms(text)]);
        var terms = new List<string>();

        new SentenceTermCache(1).AnalyzeInto(text, 25, text.Length, analyzer, lexical, terms, null);

        Assert.Equal(analyzer.Terms(text[25..]), terms);
    }
}
