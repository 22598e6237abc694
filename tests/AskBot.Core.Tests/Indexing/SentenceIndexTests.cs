using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Indexing;

namespace AskBot.Core.Tests.Indexing;

public sealed class SentenceIndexTests
{
    // Document "river": article 0 has four sentences, article 1 one; document "hill": article 0 has two.
    private const string RiverText =
        "The river rose overnight. Boats were tied up early. The ferry stopped at noon. Shops closed by evening.\n\n"
        + "A second story begins here.";

    private const string HillText = "The hill path was repaired. Walkers returned in May.";

    private static readonly string[] RiverSentences =
    [
        "The river rose overnight.", "Boats were tied up early.", "The ferry stopped at noon.", "Shops closed by evening.",
        "A second story begins here.",
    ];

    private static readonly string[] HillSentences = ["The hill path was repaired.", "Walkers returned in May."];

    private static readonly SourceDocument[] Documents =
    [
        new("river", "river.txt", RiverText),
        new("hill", "hill.txt", HillText),
    ];

    [Fact]
    public void Build_OverlappingChunks_ShareTheirSeamSentenceOnce()
    {
        // River article 0 in two chunks that overlap on "The ferry stopped at noon."
        var index = SentenceIndex.Build([Chunk("river", 0, RiverText, 0, 1, 2), Chunk("river", 0, RiverText, 2, 3)], Documents);

        Assert.Equal(4, index.Count);
        Assert.Equal(2, index.ChunkCount);
        Assert.Equal([0, 1, 2], index.OfChunk(0).ToArray());
        Assert.Equal([2, 3], index.OfChunk(1).ToArray());
        Assert.Equal(RiverSentences[..4], Enumerable.Range(0, index.Count).Select(s => index.Span(s).Slice(RiverText)));
        Assert.Equal([0, 0, 0, 1], Enumerable.Range(0, index.Count).Select(index.ChunkOf));
    }

    [Fact]
    public void Build_OverlappingChunks_LinkNeighboursThroughTheSeam()
    {
        var index = SentenceIndex.Build([Chunk("river", 0, RiverText, 0, 1, 2), Chunk("river", 0, RiverText, 2, 3)], Documents);

        Assert.Equal([-1, 0, 1, 2], Enumerable.Range(0, index.Count).Select(index.Previous));
        Assert.Equal([1, 2, 3, -1], Enumerable.Range(0, index.Count).Select(index.Next));
    }

    [Fact]
    public void Build_AdjacentChunksOfOneArticle_LinkTheLastSentenceToTheNextChunksFirst()
    {
        var index = SentenceIndex.Build([Chunk("river", 0, RiverText, 0, 1), Chunk("river", 0, RiverText, 2, 3)], Documents);

        Assert.Equal(4, index.Count);
        Assert.Equal(2, index.Next(1));
        Assert.Equal(1, index.Previous(2));
        Assert.Equal([-1, 0, 1, 2], Enumerable.Range(0, index.Count).Select(index.Previous));
        Assert.Equal([1, 2, 3, -1], Enumerable.Range(0, index.Count).Select(index.Next));
    }

    [Fact]
    public void Build_ChunksOfDifferentArticlesOrDocuments_DoNotLinkAcrossThem()
    {
        var index = SentenceIndex.Build(
            [
                Chunk("river", 0, RiverText, 0, 1, 2, 3),
                Chunk("river", 1, RiverText, 4),
                Chunk("hill", 1, HillText, 0, 1),
            ],
            Documents);

        Assert.Equal(7, index.Count);
        Assert.Equal(-1, index.Next(3));
        Assert.Equal(-1, index.Previous(4));
        Assert.Equal(-1, index.Next(4));
        Assert.Equal(-1, index.Previous(5));
        Assert.Equal(6, index.Next(5));
        Assert.Equal(5, index.Previous(6));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1], Enumerable.Range(0, index.Count).Select(index.Document));
        Assert.Equal(HillSentences, new[] { 5, 6 }.Select(s => index.Span(s).Slice(HillText)));
    }

    [Fact]
    public void Build_SameArticleOrdinalInAnotherDocument_DoesNotLink()
    {
        var index = SentenceIndex.Build([Chunk("river", 0, RiverText, 0, 1), Chunk("hill", 0, HillText, 0, 1)], Documents);

        Assert.Equal(-1, index.Next(1));
        Assert.Equal(-1, index.Previous(2));
    }

    [Fact]
    public void WriteThenRead_BuiltIndex_RestoresEverySentenceAndChunk()
    {
        var built = Sample();

        var bytes = Serialize(built);
        SentenceIndex read;
        using (var stream = new MemoryStream(bytes))
        using (var reader = new BinaryReader(stream))
        {
            read = SentenceIndex.Read(reader, Documents, built.ChunkCount);
            Assert.Equal(bytes.Length, stream.Position);
        }

        Assert.Equal(built.Count, read.Count);
        Assert.Equal(built.ChunkCount, read.ChunkCount);
        for (var s = 0; s < built.Count; s++)
        {
            Assert.Equal(
                (built.Document(s), built.Span(s), built.Previous(s), built.Next(s), built.ChunkOf(s)),
                (read.Document(s), read.Span(s), read.Previous(s), read.Next(s), read.ChunkOf(s)));
        }

        for (var c = 0; c < built.ChunkCount; c++)
        {
            Assert.Equal(built.OfChunk(c).ToArray(), read.OfChunk(c).ToArray());
        }

        Assert.Equal(bytes, Serialize(read));
    }

    [Fact]
    public void Read_OtherChunkCount_ThrowsInvalidData()
    {
        var bytes = Serialize(Sample());

        Assert.Throws<InvalidDataException>(() => Read(bytes, Documents, 3));
    }

    [Fact]
    public void Read_FewerDocumentsThanItRefersTo_ThrowsInvalidData()
    {
        var bytes = Serialize(Sample());

        Assert.Throws<InvalidDataException>(() => Read(bytes, Documents[..1], 4));
    }

    [Fact]
    public void Read_DocumentTextShorterThanASentence_ThrowsInvalidData()
    {
        var bytes = Serialize(Sample());
        SourceDocument[] shortened = [Documents[0], Documents[1] with { Text = HillText[..30] }];

        Assert.Throws<InvalidDataException>(() => Read(bytes, shortened, 4));
    }

    [Theory]
    [InlineData(Field.Documents, 0, 2)]
    [InlineData(Field.Documents, 6, -1)]
    [InlineData(Field.Starts, 1, -1)]
    [InlineData(Field.Starts, 1, 200)]
    [InlineData(Field.Ends, 4, 10_000)]
    [InlineData(Field.Previous, 2, 7)]
    [InlineData(Field.Previous, 2, -2)]
    [InlineData(Field.Next, 0, 7)]
    [InlineData(Field.Next, 0, -5)]
    [InlineData(Field.ChunkStarts, 0, 1)]
    [InlineData(Field.ChunkStarts, 2, 1)]
    [InlineData(Field.ChunkStarts, 4, 9)]
    [InlineData(Field.ChunkSentences, 3, 7)]
    [InlineData(Field.ChunkSentences, 3, -1)]
    public void Read_EntryOutOfRange_ThrowsInvalidData(Field field, int position, int value)
    {
        var built = Sample();
        var bytes = Serialize(built);
        Assert.Equal(7, built.Count);
        Assert.Equal(4, built.ChunkCount);

        // Header of three ints, then five arrays of Count ints, ChunkCount + 1 offsets and the chunk entries.
        var offset = field switch
        {
            Field.ChunkStarts => 12 + (4 * 5 * built.Count),
            Field.ChunkSentences => 12 + (4 * ((5 * built.Count) + built.ChunkCount + 1)),
            _ => 12 + (4 * (int)field * built.Count),
        };
        BitConverter.TryWriteBytes(bytes.AsSpan(offset + (4 * position), 4), value);

        Assert.Throws<InvalidDataException>(() => Read(bytes, Documents, 4));
    }

    [Fact]
    public void Read_TruncatedData_ThrowsEndOfStream()
    {
        var bytes = Serialize(Sample());

        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            Assert.Throws<EndOfStreamException>(() => Read(cut, Documents, 4));
        }
    }

    public enum Field
    {
        Documents,
        Starts,
        Ends,
        Previous,
        Next,
        ChunkStarts,
        ChunkSentences,
    }

    // An overlap, another article and another document: 7 sentences, 4 chunks, 8 entries.
    private static SentenceIndex Sample() => SentenceIndex.Build(
        [
            Chunk("river", 0, RiverText, 0, 1, 2),
            Chunk("river", 0, RiverText, 2, 3),
            Chunk("river", 1, RiverText, 4),
            Chunk("hill", 0, HillText, 0, 1),
        ],
        Documents);

    private static Chunk Chunk(string docId, int article, string text, params int[] sentences)
    {
        var all = docId == "river" ? RiverSentences : HillSentences;
        var spans = sentences.Select(s =>
        {
            var start = text.IndexOf(all[s], StringComparison.Ordinal);
            return new TextSpan(start, start + all[s].Length);
        }).ToList();
        var first = spans[0].Start;
        var end = spans[^1].End;
        return new Chunk($"{docId}#{article}.{first}", docId, article, null, null, null, text[first..end], first, end, spans, BlockKind.Body);
    }

    private static byte[] Serialize(SentenceIndex index)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            index.Write(writer);
        }

        return stream.ToArray();
    }

    private static SentenceIndex Read(byte[] bytes, IReadOnlyList<SourceDocument> documents, int chunkCount)
    {
        using var stream = new MemoryStream(bytes);
        using var reader = new BinaryReader(stream);
        return SentenceIndex.Read(reader, documents, chunkCount);
    }
}
