using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Tests.TestSupport;

namespace AskBot.Core.Tests.Chunking;

public sealed class ChunkerTests
{
    public static TheoryData<int, int> OptionCombinations => new()
    {
        { 700, 1 },
        { 100, 0 },
        { 300, 2 },
        { 1500, 3 },
    };

    [Theory]
    [MemberData(nameof(OptionCombinations))]
    public void CreateChunks_AllSeeds_TextIsTheExactFileSliceAndSentencesLieInside(int maxChars, int overlap)
    {
        var options = new ChunkingOptions { MaxChars = maxChars, OverlapSentences = overlap };
        foreach (var document in IngestionSeeds.LoadAll())
        {
            var chunks = IngestionSeeds.Chunks(document, options);
            Assert.NotEmpty(chunks);
            foreach (var chunk in chunks)
            {
                Assert.Equal(document.Text[chunk.Start..chunk.End], chunk.Text);
                Assert.Equal(document.DocId, chunk.DocId);
                Assert.NotEmpty(chunk.Sentences);
                Assert.Equal(chunk.Start, chunk.Sentences[0].Start);
                Assert.Equal(chunk.End, chunk.Sentences[^1].End);
                for (var i = 0; i < chunk.Sentences.Count; i++)
                {
                    var sentence = chunk.Sentences[i];
                    Assert.True(sentence.Start >= chunk.Start && sentence.End <= chunk.End && sentence.Length > 0);
                    Assert.True(i == 0 || chunk.Sentences[i - 1].End <= sentence.Start);
                }

                Assert.True(
                    chunk.Text.Length <= maxChars || chunk.Sentences.Count == 1,
                    $"{chunk.ChunkId} has {chunk.Text.Length} chars and {chunk.Sentences.Count} sentences");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OptionCombinations))]
    public void CreateChunks_AllSeeds_NeverSpanTwoArticlesOrIncludeHeaderLines(int maxChars, int overlap)
    {
        var options = new ChunkingOptions { MaxChars = maxChars, OverlapSentences = overlap };
        var chunker = IngestionSeeds.NewChunker();
        foreach (var document in IngestionSeeds.LoadAll())
        {
            foreach (var article in IngestionSeeds.NewSplitter().Split(document).Articles)
            {
                var firstBlock = article.Blocks[0].Span.Start;
                foreach (var chunk in chunker.CreateChunks(document, article, options))
                {
                    Assert.Equal(article.Ordinal, chunk.ArticleOrdinal);
                    Assert.Equal((article.Title, article.Byline, article.Date), (chunk.Title, chunk.Byline, chunk.Date));
                    Assert.True(chunk.Start >= firstBlock && chunk.End <= article.Span.End, chunk.ChunkId);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(OptionCombinations))]
    public void CreateChunks_AllSeeds_NoChunkContainsABoilerplateLine(int maxChars, int overlap)
    {
        var options = new ChunkingOptions { MaxChars = maxChars, OverlapSentences = overlap };
        foreach (var document in IngestionSeeds.LoadAll())
        {
            foreach (var chunk in IngestionSeeds.Chunks(document, options))
            {
                var lines = IngestionSeeds.LinesOf(chunk.Text);
                Assert.All(IngestionSeeds.BoilerplateLines, b => Assert.DoesNotContain(b, lines));
                Assert.DoesNotContain("Required fields are marked", chunk.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("originally published by", chunk.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void CreateChunks_AllSeeds_EveryKeptSentenceIsInSomeChunk()
    {
        var splitter = new SentenceSplitter();
        foreach (var document in IngestionSeeds.LoadAll())
        {
            var covered = IngestionSeeds.Chunks(document).SelectMany(c => c.Sentences).ToHashSet();
            var articles = IngestionSeeds.NewSplitter().Split(document).Articles;
            foreach (var block in articles.SelectMany(a => a.Blocks))
            {
                Assert.All(splitter.Split(document.Text, block.Span), s => Assert.Contains(s, covered));
            }
        }
    }

    [Fact]
    public void CreateChunks_WithOverlap_RepeatsTheLastSentenceOfTheChunkBefore()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File001);
        var chunks = IngestionSeeds.Chunks(document, new ChunkingOptions { MaxChars = 700, OverlapSentences = 1 });

        var overlapping = chunks.Zip(chunks.Skip(1)).Where(p => p.Second.Start < p.First.End).ToList();
        Assert.True(overlapping.Count > 10);
        Assert.All(overlapping, p => Assert.Equal(p.First.Sentences[^1], p.Second.Sentences[0]));
        Assert.All(overlapping, p => Assert.Equal(p.First.ArticleOrdinal, p.Second.ArticleOrdinal));
    }

    [Fact]
    public void CreateChunks_WithoutOverlap_ChunksAreDisjoint()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File001);
        var chunks = IngestionSeeds.Chunks(document, new ChunkingOptions { MaxChars = 300, OverlapSentences = 0 });

        Assert.All(chunks.Zip(chunks.Skip(1)), p => Assert.True(p.First.End <= p.Second.Start));
    }

    [Fact]
    public void CreateChunks_QuestionHeading_StartsTheChunkOfTheParagraphAfterIt()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File001);
        var chunks = IngestionSeeds.Chunks(document);

        var chunk = Assert.Single(chunks, c => c.Text.StartsWith("Who were the attackers?", StringComparison.Ordinal));
        Assert.Contains("the four men captured and charged are all Tajiks", chunk.Text, StringComparison.Ordinal);
        Assert.Equal(BlockKind.Heading, chunk.Kind);
        Assert.DoesNotContain(chunks, c => c.Text.EndsWith("Who were the attackers?", StringComparison.Ordinal) && c.Sentences.Count > 1);
    }

    [Fact]
    public void CreateChunks_CaptionsAndTweets_FormTheirOwnChunksWithTheirKind()
    {
        var bbc = IngestionSeeds.Chunks(IngestionSeeds.Load(IngestionSeeds.File001));
        var caption = Assert.Single(bbc, c => c.Text.Contains("Dalerdzhon Mirzoyev", StringComparison.Ordinal));
        Assert.Equal("Dalerdzhon Mirzoyev, one of the suspects, appeared in court with visible injuries", caption.Text);
        Assert.Equal(BlockKind.Caption, caption.Kind);

        var tweets = IngestionSeeds.Chunks(IngestionSeeds.Load(IngestionSeeds.File004)).Where(c => c.Kind == BlockKind.SocialPost).ToList();
        Assert.Equal(4, tweets.Count);
        Assert.StartsWith("Islamic terrorist org.", tweets[0].Text, StringComparison.Ordinal);
        Assert.Contains("pic.twitter.com/GRPgGs76L2", tweets[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("(@Halfenginear) March 23, 2024", tweets[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Business Standard", tweets[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateChunks_DroppedLineBetweenParagraphs_SplitsTheChunk()
    {
        const string text = "First paragraph is here. It has two sentences.\nShare.\nSecond paragraph follows. It is short.";
        var document = new SourceDocument("doc", "/doc.txt", text);
        var article = Assert.Single(IngestionSeeds.NewSplitter().Split(document).Articles);

        var chunks = IngestionSeeds.NewChunker().CreateChunks(document, article, new ChunkingOptions { MaxChars = 700, OverlapSentences = 1 });

        Assert.Equal(["First paragraph is here. It has two sentences.", "Second paragraph follows. It is short."], chunks.Select(c => c.Text));
        Assert.Equal(["doc#0.0", "doc#0.1"], chunks.Select(c => c.ChunkId));
    }

    [Fact]
    public void CreateChunks_SentenceLongerThanMax_IsItsOwnChunk()
    {
        var longSentence = "This sentence " + string.Concat(Enumerable.Repeat("keeps going and going ", 10)) + "until it ends.";
        var text = $"Short one. {longSentence} Short two.";
        var document = new SourceDocument("doc", "/doc.txt", text);
        var article = Assert.Single(IngestionSeeds.NewSplitter().Split(document).Articles);

        var chunks = IngestionSeeds.NewChunker().CreateChunks(document, article, new ChunkingOptions { MaxChars = 100, OverlapSentences = 1 });

        Assert.Equal(["Short one.", longSentence, "Short two."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void CreateChunks_AllSeeds_ChunkIdsAreUniqueAndFollowTheDocArticleNumberPattern()
    {
        foreach (var document in IngestionSeeds.LoadAll())
        {
            var chunks = IngestionSeeds.Chunks(document);
            Assert.Equal(chunks.Count, chunks.Select(c => c.ChunkId).Distinct().Count());
            foreach (var group in chunks.GroupBy(c => c.ArticleOrdinal))
            {
                Assert.Equal(
                    group.Select((_, n) => $"{document.DocId}#{group.Key}.{n}"),
                    group.Select(c => c.ChunkId));
            }
        }
    }
}
