using AskBot.Core.Chunking;
using AskBot.Core.Corpus;

namespace AskBot.Core.Tests.Indexing;

/// <summary>
/// The near-duplicate filter's candidate pruning (prefix, size and positional filters, early-exit Jaccard) must not change
/// which chunks it keeps: checked against the definition, every earlier kept chunk compared with every later one.
/// (Here rather than under Chunking because it guards the index build's ingestion step.)
/// </summary>
public sealed class NearDuplicateFilterEquivalenceTests
{
    [Theory]
    [InlineData(1, 0.8)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.9)]
    [InlineData(4, 1.0)]
    [InlineData(5, 0.3)]
    [InlineData(6, 0.8)]
    public void Keeps_and_drops_exactly_what_comparing_every_pair_does(int seed, double threshold)
    {
        var chunks = EditedCopies(seed);

        var result = new NearDuplicateFilter().Filter(chunks, threshold);

        var (kept, dropped) = BruteForce(chunks, threshold);
        Assert.Equal(kept, result.Kept.Select(c => c.ChunkId));
        Assert.Equal(dropped, result.Dropped.Select(d => (d.ChunkId, d.DuplicateOfChunkId, d.Similarity)));
        Assert.NotEmpty(result.Dropped);
    }

    // Originals drawn from a small vocabulary (so common shingles reach many prefixes), and copies with a few words
    // replaced, dropped or inserted, of varying length, so pairs land on both sides of the threshold.
    private static List<Chunk> EditedCopies(int seed)
    {
        var random = new Random(seed);
        var words = Enumerable.Range(0, 60).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var texts = new List<List<string>>();
        for (var i = 0; i < 400; i++)
        {
            if (texts.Count > 0 && random.NextDouble() < 0.6)
            {
                var copy = new List<string>(texts[random.Next(texts.Count)]);
                var edits = random.Next(0, 8);
                for (var e = 0; e < edits && copy.Count > 1; e++)
                {
                    var at = random.Next(copy.Count);
                    switch (random.Next(3))
                    {
                        case 0:
                            copy[at] = words[random.Next(words.Length)];
                            break;
                        case 1:
                            copy.RemoveAt(at);
                            break;
                        default:
                            copy.Insert(at, words[random.Next(words.Length)]);
                            break;
                    }
                }

                texts.Add(copy);
            }
            else
            {
                texts.Add(Enumerable.Range(0, random.Next(1, 40)).Select(_ => words[random.Next(words.Length)]).ToList());
            }
        }

        return texts.Select((t, i) => MakeChunk($"d#0.{i}", string.Join(' ', t))).ToList();
    }

    private static (List<string> Kept, List<(string, string, double)> Dropped) BruteForce(List<Chunk> chunks, double threshold)
    {
        var kept = new List<Chunk>();
        var dropped = new List<(string, string, double)>();
        foreach (var chunk in chunks)
        {
            var best = -1;
            var bestSimilarity = 0.0;
            for (var k = 0; k < kept.Count; k++)
            {
                var similarity = NearDuplicateFilter.Similarity(chunk.Text, kept[k].Text);
                if (similarity >= threshold && similarity > bestSimilarity)
                {
                    best = k;
                    bestSimilarity = similarity;
                }
            }

            if (best >= 0)
            {
                dropped.Add((chunk.ChunkId, kept[best].ChunkId, bestSimilarity));
            }
            else
            {
                kept.Add(chunk);
            }
        }

        return (kept.Select(c => c.ChunkId).ToList(), dropped);
    }

    private static Chunk MakeChunk(string id, string text) =>
        new(id, id.Split('#')[0], 0, null, null, null, text, 0, text.Length, [new TextSpan(0, text.Length)], BlockKind.Body);
}
