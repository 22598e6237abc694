using AskBot.Core.Answering.Reading;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Indexing;
using AskBot.Core.Tests.Indexing;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering.Reading;

public sealed class TopSentenceAnswererTests
{
    private static readonly string[] Harbour =
    [
        "The harbour was dredged in spring.",
        "Fishing boats returned after the dredging.",
        "The harbour master praised the crews.",
        "A new lighthouse was built on the northern cliff.",
        "Its lamp can be seen for twenty miles.",
    ];

    private static readonly string[] Orchard =
    [
        "The orchard grows apples and pears.",
        "Frost damaged the pear blossom in April.",
        "Pickers arrived in late summer.",
    ];

    private readonly TopSentenceAnswerer answerer = new(new TermAnalyzer());

    [Theory]
    [InlineData("How far can the lamp be seen?", "Its lamp can be seen for twenty miles.", "harbour#0.1")]
    [InlineData("What damaged the blossom?", "Frost damaged the pear blossom in April.", "orchard#0.0")]
    [InlineData("When did the pickers arrive?", "Pickers arrived in late summer.", "orchard#0.0")]
    public async Task Answer_Question_IsTheBestMatchingSentenceCitedToItsChunk(string question, string expected, string chunkId)
    {
        var index = await BuildAsync();

        var answer = this.answerer.Answer(question, index);

        Assert.False(answer.Refused);
        var claim = Assert.Single(answer.Claims);
        Assert.Equal(expected, claim.Text);
        Assert.Equal([1], claim.Numbers);
        var passage = Assert.Single(answer.Passages!);
        Assert.Equal(chunkId, passage.Chunk.ChunkId);
        Assert.Contains(expected, passage.Chunk.Text, StringComparison.Ordinal);
        Assert.True(passage.LexicalScore > 0);
    }

    [Fact]
    public async Task Answer_SentenceAtTheSeamOfTwoChunks_CitesTheFirstChunkHoldingIt()
    {
        var index = await BuildAsync();

        var answer = this.answerer.Answer("Who praised the crews?", index);

        Assert.Equal("The harbour master praised the crews.", Assert.Single(answer.Claims).Text);
        Assert.Equal("harbour#0.0", Assert.Single(answer.Passages!).Chunk.ChunkId);
    }

    [Fact]
    public async Task Answer_OneCommonAndOneRareTerm_PrefersTheSentenceWithTheRareTerm()
    {
        // "harbour" is in two sentences, "lighthouse" in one: BM25's idf makes the rare term worth more.
        var index = await BuildAsync();

        var answer = this.answerer.Answer("harbour lighthouse", index);

        Assert.Equal("A new lighthouse was built on the northern cliff.", Assert.Single(answer.Claims).Text);
        Assert.Equal("harbour#0.1", Assert.Single(answer.Passages!).Chunk.ChunkId);
    }

    [Fact]
    public async Task Answer_SameQuestionTwice_GivesTheSameAnswer()
    {
        var index = await BuildAsync();

        var first = this.answerer.Answer("What damaged the blossom?", index);
        var second = this.answerer.Answer("What damaged the blossom?", index);

        Assert.Equal(first.Claims.Single().Text, second.Claims.Single().Text);
        Assert.Equal(first.Passages!.Single().LexicalScore, second.Passages!.Single().LexicalScore);
    }

    [Theory]
    [InlineData("Quokka zyzzyva?")]
    [InlineData("Who is it?")]
    public async Task Answer_NoTermOfTheQuestionInTheCorpus_Refuses(string question)
    {
        var index = await BuildAsync();

        var answer = this.answerer.Answer(question, index);

        Assert.True(answer.Refused);
        Assert.Empty(answer.Claims);
    }

    // Harbour article 0 in two chunks overlapping on its third sentence; the orchard article in one chunk. Sentence spans
    // carry the space after them, as the answer must come back trimmed.
    private static Task<CorpusIndex> BuildAsync()
    {
        var harbour = new SourceDocument("harbour", "harbour.txt", string.Join(' ', Harbour));
        var orchard = new SourceDocument("orchard", "orchard.txt", string.Join(' ', Orchard));
        Chunk[] chunks =
        [
            Chunk(harbour, Harbour, 0, 0, 3),
            Chunk(harbour, Harbour, 1, 2, 5),
            Chunk(orchard, Orchard, 0, 0, 3),
        ];
        var ingestion = new IngestionResult([harbour, orchard], [], chunks, new IngestionStatistics(2, 0, 2, chunks.Length, 0, 0), []);
        return InMemoryCorpus.BuildAsync(ingestion);
    }

    private static Chunk Chunk(SourceDocument document, string[] sentences, int part, int from, int to)
    {
        var spans = new List<TextSpan>();
        var offset = 0;
        for (var s = 0; s < sentences.Length; s++)
        {
            var end = offset + sentences[s].Length + (s < sentences.Length - 1 ? 1 : 0);
            if (s >= from && s < to)
            {
                spans.Add(new TextSpan(offset, end));
            }

            offset = end;
        }

        var start = spans[0].Start;
        var last = spans[^1].End;
        return new Chunk(
            $"{document.DocId}#0.{part}", document.DocId, 0, null, null, null, document.Text[start..last], start, last, spans, BlockKind.Body);
    }
}
