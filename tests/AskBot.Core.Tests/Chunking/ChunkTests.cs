using AskBot.Core.Chunking;
using AskBot.Core.Corpus;

namespace AskBot.Core.Tests.Chunking;

public sealed class ChunkTests
{
    private static readonly SourceDocument Document = new("doc", "/corpus/doc.txt", "Headline\n\nThe bridge opened in spring. It carries trams.\n");

    [Fact]
    public void Slice_ReadsTheDocumentTextBetweenItsOffsets()
    {
        var chunk = Sliced(10, 56);

        Assert.Equal("The bridge opened in spring. It carries trams.", chunk.Text);
        Assert.Equal(chunk.Text, chunk.Span.ToString());
        Assert.Equal(Document.Text[chunk.Start..chunk.End], chunk.Text);
    }

    [Fact]
    public void Equals_ASlicedAndAHeldChunkOfTheSameText_AreEqualWithEqualHashes()
    {
        var sliced = Sliced(10, 56);
        var held = new Chunk(sliced.ChunkId, sliced.DocId, 0, "Headline", null, null, Document.Text[10..56], 10, 56, sliced.Sentences, BlockKind.Body);

        Assert.Equal(held, sliced);
        Assert.Equal(held.GetHashCode(), sliced.GetHashCode());
        Assert.NotEqual(held, Sliced(10, 39));
        Assert.NotEqual(held, held with { Title = "Other" });
    }

    [Fact]
    public void With_ASlicedChunk_KeepsSlicingItsDocument()
    {
        var copy = Sliced(10, 56) with { ChunkId = "doc#0.9" };

        Assert.Equal("The bridge opened in spring. It carries trams.", copy.Text);
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    [InlineData(0, 200)]
    public void Slice_OffsetsOutsideTheDocument_Throw(int start, int end)
    {
        Assert.ThrowsAny<ArgumentException>(() => Sliced(start, end));
    }

    private static Chunk Sliced(int start, int end) =>
        Chunk.Slice("doc#0.0", Document, 0, "Headline", null, null, start, end, [new TextSpan(start, end)], BlockKind.Body);
}
