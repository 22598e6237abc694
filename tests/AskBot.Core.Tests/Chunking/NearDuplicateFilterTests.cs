using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Tests.TestSupport;

namespace AskBot.Core.Tests.Chunking;

public sealed class NearDuplicateFilterTests
{
    private readonly NearDuplicateFilter filter = new();

    [Fact]
    public void Filter_File001_DropsEveryChunkOfTheRepeatedArticleAndKeepsTheOriginal()
    {
        var chunks = IngestionSeeds.Chunks(IngestionSeeds.Load(IngestionSeeds.File001));
        var repeated = chunks.Where(c => c.ArticleOrdinal == 3).ToList();

        var result = this.filter.Filter(chunks, 0.8);

        Assert.NotEmpty(repeated);
        Assert.Equal(repeated.Select(c => c.ChunkId), result.Dropped.Select(d => d.ChunkId));
        Assert.All(result.Dropped, d => Assert.StartsWith($"{IngestionSeeds.File001}#2.", d.DuplicateOfChunkId, StringComparison.Ordinal));
        Assert.All(result.Dropped, d => Assert.True(d.Similarity >= 0.8));
        Assert.Equal(chunks.Count(c => c.ArticleOrdinal == 2), result.Kept.Count(c => c.ArticleOrdinal == 2));
        Assert.Equal(chunks.Count - repeated.Count, result.Kept.Count);
    }

    [Fact]
    public void Filter_AllSeeds_KeepsTheDifferentlyWordedReutersStories()
    {
        var chunks = IngestionSeeds.LoadAll().SelectMany(d => IngestionSeeds.Chunks(d)).ToList();

        var result = this.filter.Filter(chunks, 0.8);

        Assert.All(result.Dropped, d => Assert.Contains("#3.", d.ChunkId, StringComparison.Ordinal));
        Assert.Contains(result.Kept, c => c.DocId == IngestionSeeds.File003);
        Assert.Contains(result.Kept, c => c.DocId == IngestionSeeds.File001 && c.ArticleOrdinal == 4);
    }

    [Fact]
    public void Filter_LightlyEditedCopy_IsDroppedAtDefaultThresholdButKeptAtOne()
    {
        const string original = "Russian authorities Saturday announced the arrest of several suspects in Friday's attack. But senior officials said Sunday that they were still digging into the background of the assailants and how they planned the attack on the concert hall near the capital.";
        var edited = original.Replace("several", "eleven", StringComparison.Ordinal);
        Chunk[] chunks = [MakeChunk("a#0.0", original), MakeChunk("b#0.0", "A completely different passage about weather in spring and summer."), MakeChunk("c#0.0", edited)];

        Assert.InRange(NearDuplicateFilter.Similarity(original, edited), 0.8, 0.99);
        Assert.Equal(["a#0.0", "b#0.0"], this.filter.Filter(chunks, 0.8).Kept.Select(c => c.ChunkId));
        Assert.Equal(3, this.filter.Filter(chunks, 1.0).Kept.Count);
    }

    [Fact]
    public void Filter_ShortExactRepeat_IsDroppedButDifferentShortTextIsKept()
    {
        Chunk[] chunks = [MakeChunk("a#0.0", "What next?"), MakeChunk("a#0.1", "What next?"), MakeChunk("a#0.2", "Who leads?")];

        var result = this.filter.Filter(chunks, 0.8);

        Assert.Equal(["a#0.0", "a#0.2"], result.Kept.Select(c => c.ChunkId));
        Assert.Equal("a#0.0", Assert.Single(result.Dropped).DuplicateOfChunkId);
    }

    [Fact]
    public void Filter_ManyDistinctChunks_DropsOnlyTheOneCopy()
    {
        var words = Enumerable.Range(0, 5000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var random = new Random(42);
        // Its speed at scale is measured by the scale harness (index build at 100k chunks), not by a timed test.
        var chunks = Enumerable.Range(0, 10000)
            .Select(i => MakeChunk($"d#0.{i}", string.Join(' ', Enumerable.Range(0, 60).Select(_ => words[random.Next(words.Length)]))))
            .ToList();
        chunks.Add(MakeChunk("d#0.dup", chunks[123].Text));

        var result = this.filter.Filter(chunks, 0.8);

        Assert.Equal("d#0.dup", Assert.Single(result.Dropped).ChunkId);
        Assert.Equal(10000, result.Kept.Count);
    }

    private static Chunk MakeChunk(string id, string text) =>
        new(id, id.Split('#')[0], 0, null, null, null, text, 0, text.Length, [new TextSpan(0, text.Length)], BlockKind.Body);
}
