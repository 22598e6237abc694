using AskBot.Core.Configuration;
using AskBot.Core.Tests.Indexing;

namespace AskBot.Core.Tests.Retrieval;

public sealed class HybridRetrieverTests
{
    private static readonly (string DocId, int Article, string Text)[] Entries =
    [
        ("a", 0, "The concert hall attack near Moscow killed 145 people, officials said."),
        ("a", 0, "Four gunmen attacked the concert hall and set it on fire."),
        ("a", 0, "The concert hall attack was claimed by the Islamic State."),
        ("b", 0, "Russian investigators detained the four gunmen near the border."),
        ("c", 0, "Wheat prices fell as farmers expected a large harvest."),
        ("c", 1, "The central bank kept interest rates unchanged this quarter."),
        ("d", 0, "The concert hall attack near Moscow killed 145 people, officials said."),
    ];

    [Fact]
    public async Task At_most_MaxPerArticle_chunks_of_one_article_are_returned_while_other_articles_can_fill_the_top()
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries));
        var retriever = InMemoryCorpus.Retriever(index, new RetrievalOptions { MaxPerArticle = 1, MinRelevance = 0 });

        var results = await retriever.RetrieveAsync("concert hall attack", topK: 2);

        Assert.Equal(2, results.Count);
        Assert.Single(results, r => r.Chunk.DocId == "a");
    }

    [Fact]
    public async Task A_corpus_of_one_article_fills_the_top_past_MaxPerArticle_in_rank_order()
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries.Where(e => e.DocId == "a").ToArray()));
        var retriever = InMemoryCorpus.Retriever(index, new RetrievalOptions { MaxPerArticle = 1, MinRelevance = 0 });

        var results = await retriever.RetrieveAsync("concert hall attack", topK: 3);

        Assert.Equal(3, results.Count);
        Assert.Equal(results.Select(r => r.Score).OrderByDescending(s => s), results.Select(r => r.Score));
    }

    [Fact]
    public async Task Near_identical_chunks_are_not_both_returned()
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries));
        var retriever = InMemoryCorpus.Retriever(index, new RetrievalOptions { MaxPerArticle = 5, MinRelevance = 0 });

        var results = await retriever.RetrieveAsync("How many people did the concert hall attack near Moscow kill?", topK: 6);

        var copies = results.Count(r => r.Chunk.Text.StartsWith("The concert hall attack near Moscow killed", StringComparison.Ordinal));
        Assert.Equal(1, copies);
    }

    [Fact]
    public async Task Scores_are_normalised_with_the_best_at_one_and_MinRelevance_cuts_the_tail()
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries));
        var all = await InMemoryCorpus.Retriever(index, new RetrievalOptions { MinRelevance = 0, MaxPerArticle = 5 })
            .RetrieveAsync("gunmen concert", RetrievalModes.Lexical, topK: 10);
        var cut = await InMemoryCorpus.Retriever(index, new RetrievalOptions { MinRelevance = 0.9, MaxPerArticle = 5 })
            .RetrieveAsync("gunmen concert", RetrievalModes.Lexical, topK: 10);

        Assert.Equal(1.0, all[0].Score, 9);
        Assert.All(all, r => Assert.InRange(r.Score, 0, 1));
        Assert.True(cut.Count < all.Count);
        Assert.All(cut, r => Assert.True(r.Score >= 0.9));
    }

    [Theory]
    [InlineData(RetrievalModes.Lexical)]
    [InlineData(RetrievalModes.Vector)]
    [InlineData(RetrievalModes.Hybrid)]
    public async Task Each_mode_finds_the_relevant_chunk(RetrievalModes mode)
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries));
        var retriever = InMemoryCorpus.Retriever(index);

        var results = await retriever.RetrieveAsync("interest rates of the central bank", mode, topK: 3);

        Assert.Contains("interest rates", results[0].Chunk.Text, StringComparison.Ordinal);
        if (mode == RetrievalModes.Lexical)
        {
            Assert.All(results, r => Assert.Equal(0, r.VectorScore));
        }

        if (mode == RetrievalModes.Vector)
        {
            Assert.All(results, r => Assert.Equal(0, r.LexicalScore));
        }
    }

    [Fact]
    public async Task Mode_argument_overrides_the_configured_mode()
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries));
        var retriever = InMemoryCorpus.Retriever(index, new RetrievalOptions { Mode = RetrievalModes.Vector });

        var results = await retriever.RetrieveAsync("wheat harvest", RetrievalModes.Lexical, topK: 3);

        Assert.All(results, r => Assert.Equal(0, r.VectorScore));
        Assert.True(results[0].LexicalScore > 0);
    }

    [Fact]
    public async Task TopK_limits_the_results_and_empty_questions_return_nothing()
    {
        var index = await InMemoryCorpus.BuildAsync(InMemoryCorpus.Create(Entries));
        var retriever = InMemoryCorpus.Retriever(index, new RetrievalOptions { MinRelevance = 0, MaxPerArticle = 5 });

        Assert.Equal(2, (await retriever.RetrieveAsync("concert attack gunmen", topK: 2)).Count);
        Assert.Empty(await retriever.RetrieveAsync("   "));
    }

    [Fact]
    public async Task Chunks_overlapping_a_better_ranked_span_of_the_same_file_are_skipped()
    {
        var ingestion = InMemoryCorpus.Create(("a", 0, "Gunmen attacked the concert hall in Krasnogorsk."), ("b", 0, "Nothing related."));
        var first = ingestion.Chunks[0];
        var overlapping = first with { ChunkId = "a#0.9", Start = first.Start + 5, Text = first.Text[5..] };
        var index = await InMemoryCorpus.BuildAsync(ingestion with { Chunks = [first, overlapping, ingestion.Chunks[1]] });
        var retriever = InMemoryCorpus.Retriever(index, new RetrievalOptions { MinRelevance = 0, MaxPerArticle = 5 });

        var results = await retriever.RetrieveAsync("gunmen concert hall Krasnogorsk", topK: 5);

        Assert.Single(results, r => r.Chunk.DocId == "a");
    }
}
