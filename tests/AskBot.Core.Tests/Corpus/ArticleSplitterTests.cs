using AskBot.Core.Corpus;
using AskBot.Core.Tests.TestSupport;

namespace AskBot.Core.Tests.Corpus;

public sealed class ArticleSplitterTests
{
    [Fact]
    public void Split_File001_FindsSevenArticlesWithTitlesBylinesAndDates()
    {
        var articles = IngestionSeeds.Articles(IngestionSeeds.File001);

        var actual = articles.Select(a => (a.Title, a.Byline, a.Date)).ToList();
        (string?, string?, string?)[] expected =
        [
            (null, "Eric Schmitt, The New York Times", "Mon, March 25, 2024"),
            ("IS-K: Who are the Islamic State jihadists behind Moscow attack?", "Frank Gardner - BBC security correspondent", "Mon, March 25, 2024"),
            ("Why ISIS-K Hates Putin—and Went After Moscow", "Fred Kaplan, SLATE", "Mon, March 25, 2024"),
            ("What is ISIS-K, the group claiming the Moscow concert attack?", null, "Mon, March 25, 2024"),
            ("What is ISIS-K, the group claiming the Moscow concert attack?", "Reuters Videos", "Updated Mon, March 25, 2024"),
            ("The Islamic State's Moscow Massacre", "Liz Wolfe", "Mon, March 25, 2024"),
            ("Why is Islamic State targeting Russia?", "Elliott Goat, The Week UK", "Mon, March 25, 2024"),
        ];
        Assert.Equal(expected, actual);
        Assert.Equal(Enumerable.Range(0, 7), articles.Select(a => a.Ordinal));
        Assert.All(articles, a => Assert.Equal(IngestionSeeds.File001, a.DocId));
    }

    [Fact]
    public void Split_File001_ArticleSpansCoverHeaderAndBodyWithoutOverlap()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File001);
        var articles = IngestionSeeds.NewSplitter().Split(document).Articles;

        Assert.StartsWith("Eric Schmitt\nMon, March 25, 2024", articles[0].Span.Slice(document.Text), StringComparison.Ordinal);
        Assert.EndsWith("c.2024 The New York Times Company", articles[0].Span.Slice(document.Text), StringComparison.Ordinal);
        Assert.StartsWith("IS-K: Who are the Islamic State jihadists", articles[1].Span.Slice(document.Text), StringComparison.Ordinal);
        Assert.StartsWith("Why ISIS-K Hates Putin", articles[2].Span.Slice(document.Text), StringComparison.Ordinal);
        Assert.EndsWith("Post a Comment", articles[6].Span.Slice(document.Text), StringComparison.Ordinal);
        for (var i = 1; i < articles.Count; i++)
        {
            Assert.True(articles[i - 1].Span.End < articles[i].Span.Start);
        }
    }

    [Fact]
    public void Split_AllSeeds_HeaderLinesAreNotBlocksAndBlocksLieInsideTheirArticle()
    {
        foreach (var document in IngestionSeeds.LoadAll())
        {
            foreach (var article in IngestionSeeds.NewSplitter().Split(document).Articles)
            {
                Assert.NotEmpty(article.Blocks);
                var blockTexts = article.Blocks.Select(b => b.Span.Slice(document.Text)).ToList();
                Assert.All(article.Blocks, b => Assert.True(b.Span.Start >= article.Span.Start && b.Span.End <= article.Span.End));
                Assert.All(blockTexts, t => Assert.Equal(t.Trim(), t));
                foreach (var header in new[] { article.Title, article.Date })
                {
                    if (header is not null)
                    {
                        Assert.DoesNotContain(header, blockTexts);
                    }
                }
            }
        }
    }

    [Fact]
    public void Split_File003_FirstLineIsTitleAndSyndicationLineGivesByline()
    {
        var article = Assert.Single(IngestionSeeds.Articles(IngestionSeeds.File003));

        Assert.Equal("Explainer: What is ISIS-K, the group that attacked a Moscow concert hall?", article.Title);
        Assert.Equal("Reuters", article.Byline);
        Assert.Null(article.Date);
    }

    [Theory]
    [InlineData(IngestionSeeds.File000)]
    [InlineData(IngestionSeeds.File002)]
    [InlineData(IngestionSeeds.File004)]
    public void Split_FileStartingWithBodyText_IsOneArticleWithoutTitle(string docId)
    {
        var document = IngestionSeeds.Load(docId);
        var article = Assert.Single(IngestionSeeds.NewSplitter().Split(document).Articles);

        Assert.Null(article.Title);
        Assert.Null(article.Date);
        Assert.Equal(IngestionSeeds.LinesOf(document.Text)[0], article.Blocks[0].Span.Slice(document.Text));
    }

    [Fact]
    public void Split_File001_KeepsTheUnrelatedTrumpSectionOfTheReasonArticleAsBody()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File001);
        var reason = IngestionSeeds.NewSplitter().Split(document).Articles[5];

        Assert.Contains(
            reason.Blocks,
            b => b.Kind == BlockKind.Body && b.Span.Slice(document.Text).StartsWith("Trump goes to court (again):", StringComparison.Ordinal));
        Assert.Contains(reason.Blocks, b => b.Span.Slice(document.Text).Contains("$557 million", StringComparison.Ordinal));
    }

    [Fact]
    public void Split_File001_ClassifiesCaptionsAndQuestionHeadings()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File001);
        var blocks = IngestionSeeds.NewSplitter().Split(document).Articles
            .SelectMany(a => a.Blocks)
            .GroupBy(b => b.Span.Slice(document.Text))
            .ToDictionary(g => g.Key, g => Assert.Single(g.Select(b => b.Kind).Distinct()));

        Assert.Equal(BlockKind.Caption, blocks["Dalerdzhon Mirzoyev, one of the suspects, appeared in court with visible injuries"]);
        Assert.Equal(BlockKind.Caption, blocks["The Crocus City Hall in Moscow on fire"]);
        Assert.Equal(BlockKind.Caption, blocks.Single(p => p.Key.EndsWith("(Victor J. Blue/The New York Times)", StringComparison.Ordinal)).Value);
        Assert.Equal(BlockKind.Heading, blocks["Who were the attackers?"]);
        Assert.Equal(BlockKind.Heading, blocks["What did the commentators say?"]);
        Assert.Equal(BlockKind.Body, blocks["(John Kirby, U.S. National Security spokesperson)"]);
    }

    [Fact]
    public void Split_File004_EachTweetIsOneSocialPostBlockEndingWithItsAttribution()
    {
        var document = IngestionSeeds.Load(IngestionSeeds.File004);
        var article = Assert.Single(IngestionSeeds.NewSplitter().Split(document).Articles);

        var posts = article.Blocks.Where(b => b.Kind == BlockKind.SocialPost).Select(b => b.Span.Slice(document.Text)).ToList();
        Assert.Equal(4, posts.Count);
        Assert.StartsWith("Islamic terrorist org. Islamic State IS/ISIS", posts[0], StringComparison.Ordinal);
        Assert.Contains("pic.twitter.com/GRPgGs76L2\n— ", posts[0], StringComparison.Ordinal);
        Assert.EndsWith("(@Halfenginear) March 23, 2024", posts[0], StringComparison.Ordinal);
        Assert.StartsWith("🕯️As a sign of mourning", posts[1], StringComparison.Ordinal);
        Assert.StartsWith("⚡️ At least three men", posts[2], StringComparison.Ordinal);
        Assert.StartsWith("A helicopter from the Ministry", posts[3], StringComparison.Ordinal);
        Assert.All(posts, p => Assert.Matches(@"\(@\w+\) March 2\d, 2024$", p));
        Assert.Equal(BlockKind.Heading, article.Blocks.Single(b => b.Span.Slice(document.Text) == "Past Attacks By ISIS-K").Kind);
    }

    [Theory]
    [InlineData(IngestionSeeds.File000, 4)]
    [InlineData(IngestionSeeds.File001, 6)]
    [InlineData(IngestionSeeds.File002, 0)]
    [InlineData(IngestionSeeds.File003, 6)]
    [InlineData(IngestionSeeds.File004, 0)]
    public void Split_Seeds_CountsEveryDroppedBoilerplateLine(string docId, int expected)
    {
        var document = IngestionSeeds.Load(docId);
        var result = IngestionSeeds.NewSplitter().Split(document);

        Assert.Equal(expected, result.BoilerplateLinesDropped);
        var kept = result.Articles.SelectMany(a => a.Blocks).SelectMany(b => IngestionSeeds.LinesOf(b.Span.Slice(document.Text))).ToHashSet();
        Assert.All(IngestionSeeds.BoilerplateLines, line => Assert.DoesNotContain(line, kept));
    }

    [Fact]
    public void Split_CrLfCopyOfFile001_FindsTheSameArticlesAndBlockTexts()
    {
        var original = IngestionSeeds.Load(IngestionSeeds.File001);
        var crlf = original with { Text = original.Text.Replace("\n", "\r\n", StringComparison.Ordinal) };

        var expected = IngestionSeeds.NewSplitter().Split(original).Articles;
        var actual = IngestionSeeds.NewSplitter().Split(crlf).Articles;

        Assert.Equal(expected.Select(a => (a.Title, a.Byline, a.Date)), actual.Select(a => (a.Title, a.Byline, a.Date)));
        Assert.Equal(
            expected.SelectMany(a => a.Blocks).Select(b => (b.Kind, b.Span.Slice(original.Text))),
            actual.SelectMany(a => a.Blocks).Select(b => (b.Kind, b.Span.Slice(crlf.Text).Replace("\r\n", "\n", StringComparison.Ordinal))));
    }

    [Fact]
    public void Split_SyntheticConcatenation_SplitsAtEachDatedHeader()
    {
        var text = string.Join(
            "\n",
            "First Story Headline",
            "Jane Doe",
            "Daily Example",
            "Tue, April 2, 2024",
            "The first story says something important.",
            "It continues here.",
            "Second story asks a question?",
            "April 3, 2024",
            "The second story has its own body.");
        var articles = IngestionSeeds.NewSplitter().Split(new SourceDocument("x", "/x.txt", text)).Articles;

        Assert.Equal(2, articles.Count);
        Assert.Equal(("First Story Headline", "Jane Doe, Daily Example", "Tue, April 2, 2024"), (articles[0].Title, articles[0].Byline, articles[0].Date));
        Assert.Equal(("Second story asks a question?", (string?)null, "April 3, 2024"), (articles[1].Title, articles[1].Byline, articles[1].Date));
        Assert.Equal(2, articles[0].Blocks.Count);
        Assert.Single(articles[1].Blocks);
    }
}
