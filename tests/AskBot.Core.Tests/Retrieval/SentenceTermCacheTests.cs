using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using AskBot.Core.Tests.TestSupport;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
        var cache = new WordTermMemo();

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

        new WordTermMemo().AnalyzeInto(text, 25, text.Length, analyzer, lexical, terms, null);

        Assert.Equal(analyzer.Terms(text[25..]), terms);
    }

    [Fact]
    public async Task Build_sets_survive_the_cache_and_match_analysing_at_query_time()
    {
        var analyzer = new TermAnalyzer();
        var pipeline = new IngestionPipeline(Options.Create(new ChunkingOptions()), NullLogger<IngestionPipeline>.Instance);
        var ingestion = await pipeline.IngestAsync(IngestionSeeds.SeedsPath);
        var chunks = ingestion.Chunks;
        var aliases = new AliasMiner(analyzer).Mine(ingestion.Documents.Select(d => d.Text));
        var lexical = Bm25Index.Build(chunks.Select(c => aliases.Annotate(analyzer.Terms(c.Text))).ToList());
        var built = SentenceTermCache.Build(chunks, analyzer, aliases, lexical);

        // Reloaded the way the index cache does it: the BM25 index (whose ids the sets hold) and the sets themselves.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            lexical.Write(writer);
            built.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var reloadedLexical = Bm25Index.Read(reader);
        var reloaded = SentenceTermCache.Read(reader, chunks.Count);
        Assert.Equal(stream.Length, stream.Position);
        foreach (var term in lexical.Vocabulary)
        {
            Assert.True(lexical.TryGetTermId(term, out var id));
            Assert.True(reloadedLexical.TryGetTermId(term, out var reloadedId));
            Assert.Equal(id, reloadedId);
        }

        var selector = new ResultSelector(analyzer);
        var random = new Random(7);
        var memo = new WordTermMemo();
        for (var c = 0; c < chunks.Count; c++)
        {
            // The duplicate check's set: one id per distinct term string.
            var terms = selector.DistinctTerms(chunks[c].Text);
            var ids = terms.Select(t => lexical.TryGetTermId(t, out var id) ? id : -1).Order().ToArray();
            Assert.Equal(ids, built.TermIds(c));
            Assert.Equal(ids, reloaded.TermIds(c));

            // The re-rank's weight against the sentences analysed directly, for random clauses of the chunk's own terms.
            var sentences = SentenceTermCache.SentenceIds(chunks[c], analyzer, aliases, lexical, memo);
            for (var trial = 0; trial < 5; trial++)
            {
                var clauseIds = Enumerable.Range(0, random.Next(2, 5))
                    .Select(_ => Enumerable.Range(0, random.Next(1, 3)).Select(_ => ids.Length == 0 ? 0 : ids[random.Next(ids.Length)]).ToArray())
                    .ToArray();
                var weights = clauseIds.Select(_ => random.NextDouble() * 3).ToArray();
                var expected = sentences.Select(s => SentenceTermCache.SentenceWeight(s, clauseIds, weights)).DefaultIfEmpty(0).Max();
                Assert.Equal(expected, reloaded.BestSentenceWeight(c, clauseIds, weights));
            }
        }
    }
}
