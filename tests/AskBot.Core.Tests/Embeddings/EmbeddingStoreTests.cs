using System.Numerics.Tensors;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;

namespace AskBot.Core.Tests.Embeddings;

public sealed class EmbeddingStoreTests
{
    private static readonly bool[] TruncatedFlags = [true, false, false, true, false, false, true];

    [Fact]
    public void WriteThenRead_SmallStore_RestoresEveryRowWithinHalfAQuantisationStep()
    {
        var keys = new UInt128[TruncatedFlags.Length];
        for (var r = 0; r < keys.Length; r++)
        {
            keys[r] = EmbeddingStore.KeyOf($"row {r}");
        }

        keys[5] = UInt128.MaxValue;
        keys[6] = UInt128.Zero;
        var vectors = new float[keys.Length * 5];
        var random = new Random(7);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (float)(random.NextDouble() - 0.5);
        }

        vectors[0] = -0f;
        vectors[1] = 1e-6f;
        var store = new EmbeddingStore("onnx:test-model/5", 5, 3, keys, vectors, TruncatedFlags);

        var bytes = Serialize(store);
        var read = Deserialize(bytes, out var consumed);

        Assert.Equal(bytes.Length, consumed);
        Assert.Equal("onnx:test-model/5", read.Fingerprint);
        Assert.Equal(5, read.Dimensions);
        Assert.Equal(3, read.ChunkRows);
        Assert.Equal(7, read.Rows);
        Assert.Equal(3, read.TruncatedInputs);
        Assert.True(read.HasChunkVectors);
        var row = new float[5];
        for (var r = 0; r < keys.Length; r++)
        {
            Assert.Equal(keys[r], read.Key(r));
            Assert.Equal(TruncatedFlags[r], read.WasTruncated(r));
            var original = vectors.AsSpan(r * 5, 5);
            var halfStep = Math.Abs(TensorPrimitives.MaxMagnitude(original)) / 127 / 2 * 1.0001f;
            read.CopyRow(r, row);
            for (var i = 0; i < 5; i++)
            {
                Assert.InRange(row[i], original[i] - halfStep, original[i] + halfStep);
            }
        }

        Assert.Equal(bytes, Serialize(read));
    }

    [Fact]
    public void Constructor_ZeroOrNonFiniteRow_ScoresZeroInsteadOfNaN()
    {
        float[] vectors = [0f, 0f, float.NaN, 1f, 0.6f, 0.8f];
        var store = new EmbeddingStore("fp", 2, 3, [0, 1, 2], vectors, new bool[3]);

        Assert.Equal(0f, store.Similarity([1f, 0f], 0));
        Assert.Equal(0f, store.Similarity([1f, 0f], 1));
        Assert.Equal([2], store.SearchChunks([1f, 0f], 10).Select(s => s.Document));
    }

    [Theory]
    [InlineData(384)]
    [InlineData(33)]
    public void Similarity_UnitVectors_IsWithinOneHundredthOfTheFloatCosine(int dimensions)
    {
        var random = new Random(dimensions);
        var vectors = new float[50 * dimensions];
        for (var row = 0; row < 50; row++)
        {
            RandomUnit(random, vectors.AsSpan(row * dimensions, dimensions));
        }

        var store = new EmbeddingStore("fp", dimensions, 50, Enumerable.Range(0, 50).Select(r => (UInt128)r).ToArray(), vectors, new bool[50]);
        var query = new float[dimensions];
        RandomUnit(random, query);
        var searched = store.SearchChunks(query, 50).ToDictionary(s => s.Document, s => s.Score);
        for (var row = 0; row < 50; row++)
        {
            var exact = TensorPrimitives.Dot(query, vectors.AsSpan(row * dimensions, dimensions));
            Assert.InRange(store.Similarity(query, row), exact - 0.01, exact + 0.01);
            if (searched.TryGetValue(row, out var score))
            {
                Assert.InRange(score, exact - 0.01, exact + 0.01);
            }
            else
            {
                Assert.True(exact < 0.01, $"row {row} (cosine {exact}) was left out of the search");
            }
        }
    }

    [Fact]
    public void WriteThenRead_EmptyStore_KeepsFingerprintAndHasNoRows()
    {
        var read = Deserialize(Serialize(EmbeddingStore.Empty("mlnet:ngrams")), out _);

        Assert.Equal("mlnet:ngrams", read.Fingerprint);
        Assert.Equal(0, read.Rows);
        Assert.Equal(0, read.Dimensions);
        Assert.Equal(0, read.TruncatedInputs);
        Assert.False(read.HasChunkVectors);
        Assert.Empty(read.SearchChunks([1f, 0f], 5));
    }

    [Fact]
    public void Read_EveryTruncationOfAWrittenStore_ThrowsEndOfStream()
    {
        var keys = new[] { EmbeddingStore.KeyOf("a"), EmbeddingStore.KeyOf("b"), EmbeddingStore.KeyOf("c") };
        var store = new EmbeddingStore("fp", 2, 2, keys, [0.6f, 0.8f, 1f, 0f, 0f, 1f], [false, true, false]);
        var bytes = Serialize(store);

        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            Assert.Throws<EndOfStreamException>(() => Deserialize(cut, out _));
        }
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(65537, 0, 1)]
    [InlineData(4, 3, 2)]
    [InlineData(0, 0, 1)]
    [InlineData(4, 0, -1)]
    [InlineData(4, -1, 2)]
    [InlineData(65536, 0, 40000)]
    public void Read_InconsistentHeader_ThrowsInvalidData(int dimensions, int chunkRows, int rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("fp");
            writer.Write(dimensions);
            writer.Write(chunkRows);
            writer.Write(rows);
            writer.Write(new byte[64]);
        }

        Assert.Throws<InvalidDataException>(() => Deserialize(stream.ToArray(), out _));
    }

    [Fact]
    public void Constructor_RowsKeysAndDimensionsDisagree_Throws()
    {
        UInt128[] two = [1, 2];
        Assert.Throws<ArgumentException>(() => new EmbeddingStore("fp", 2, 1, two, [1f, 0f, 0f], [false, false]));
        Assert.Throws<ArgumentException>(() => new EmbeddingStore("fp", 2, 3, two, [1f, 0f, 0f, 1f], [false, false]));
        Assert.Throws<ArgumentException>(() => new EmbeddingStore("fp", 2, 1, two, [1f, 0f, 0f, 1f], [false]));
        Assert.Throws<ArgumentException>(() => new EmbeddingStore("fp", 0, 0, two, [], [false, false]));
    }

    [Theory]
    [InlineData(1, 16, 1)]
    [InlineData(2, 16, 10)]
    [InlineData(3, 7, 37)]
    [InlineData(4, 33, 1000)]
    [InlineData(5, 384, 8)]
    public void SearchChunks_RandomUnitVectors_AgreesWithBruteForceCosineOrder(int seed, int dimensions, int limit)
    {
        const int ChunkRows = 300;
        const int SentenceRows = 50;
        var random = new Random(seed);
        var vectors = new float[(ChunkRows + SentenceRows) * dimensions];
        for (var row = 0; row < ChunkRows + SentenceRows; row++)
        {
            RandomUnit(random, vectors.AsSpan(row * dimensions, dimensions));
        }

        // Exact copies of one row tie; the order among them must be by ordinal.
        var copies = new List<int> { 7 };
        for (var row = 20; row < ChunkRows; row += 23)
        {
            vectors.AsSpan(7 * dimensions, dimensions).CopyTo(vectors.AsSpan(row * dimensions, dimensions));
            copies.Add(row);
        }

        var keys = Enumerable.Range(0, ChunkRows + SentenceRows).Select(r => (UInt128)r).ToArray();
        var store = new EmbeddingStore("fp", dimensions, ChunkRows, keys, vectors, new bool[keys.Length]);

        var queries = new List<float[]> { vectors.AsSpan(7 * dimensions, dimensions).ToArray() };
        for (var q = 0; q < 20; q++)
        {
            var query = new float[dimensions];
            RandomUnit(random, query);
            queries.Add(query);
        }

        var found = 0;
        var expectedTotal = 0;
        foreach (var query in queries)
        {
            var exact = Enumerable.Range(0, ChunkRows)
                .Select(row => new ScoredDocument(row, TensorPrimitives.Dot(query, vectors.AsSpan(row * dimensions, dimensions))))
                .ToList();
            var expected = exact.Where(s => s.Score > 0.01).OrderByDescending(s => s.Score).ThenBy(s => s.Document).Take(limit).ToList();
            var top = store.SearchChunks(query, limit);

            Assert.InRange(top.Count, Math.Min(limit, expected.Count), limit);
            Assert.Equal(top.OrderByDescending(s => s.Score).ThenBy(s => s.Document), top);
            Assert.All(top, s => Assert.InRange(s.Score, exact[s.Document].Score - 0.01, exact[s.Document].Score + 0.01));
            found += expected.Count(e => top.Any(t => t.Document == e.Document));
            expectedTotal += expected.Count;
        }

        // Quantisation may swap neighbours whose cosines differ by less than its error, nothing more.
        Assert.InRange(found, expectedTotal * 0.9, expectedTotal);
        Assert.Equal(copies.Take(limit), store.SearchChunks(queries[0], copies.Count).Select(s => s.Document).Take(limit));
    }

    [Fact]
    public void SearchChunks_PastTheExactScanSize_FindsTheNearRowsTheFullScanFinds()
    {
        const int Dimensions = 96;
        const int Rows = 110_000;
        var random = new Random(11);
        var vectors = new float[Rows * Dimensions];
        for (var row = 0; row < Rows; row++)
        {
            RandomUnit(random, vectors.AsSpan(row * Dimensions, Dimensions));
        }

        var store = new EmbeddingStore("fp", Dimensions, Rows, Enumerable.Range(0, Rows).Select(r => (UInt128)r).ToArray(), vectors, new bool[Rows]);
        var found = 0;
        var asked = 0;
        for (var q = 0; q < 20; q++)
        {
            // A question near one row: that row, and most of the rows the full scan ranks next, must come back.
            var near = random.Next(Rows);
            var query = vectors.AsSpan(near * Dimensions, Dimensions).ToArray();
            for (var i = 0; i < query.Length; i++)
            {
                query[i] += (float)((random.NextDouble() - 0.5) * 0.05);
            }

            TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);
            var exact = store.SearchChunksExactly(query, 10);
            var searched = store.SearchChunks(query, 10);

            Assert.Equal(near, searched[0].Document);
            Assert.Equal(exact[0], searched[0]);
            found += searched.Count(s => exact.Contains(s));
            asked += exact.Count;
        }

        Assert.InRange(found, asked * 0.9, asked);
    }

    [Fact]
    public void SearchChunks_IdenticalRowsAcrossTheLimit_KeepsTheLowestOrdinals()
    {
        float[] vectors = [0f, 1f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 0.6f, 0.8f];
        var store = new EmbeddingStore("fp", 2, 6, [0, 1, 2, 3, 4, 5], vectors, new bool[6]);

        var top = store.SearchChunks([1f, 0f], 3);

        Assert.Equal([1, 2, 3], top.Select(s => s.Document));
        Assert.All(top, s => Assert.Equal(1.0, s.Score, 1e-6));
    }

    [Fact]
    public void SearchChunks_SentenceRowMatchesBest_SearchesOnlyChunkRows()
    {
        // Row 2 is a sentence row equal to the query; only chunk rows 0 and 1 may be returned.
        float[] vectors = [0.6f, 0.8f, 0.8f, 0.6f, 1f, 0f];
        var store = new EmbeddingStore("fp", 2, 2, [10, 11, 12], vectors, new bool[3]);

        var top = store.SearchChunks([1f, 0f], 10);

        Assert.Equal([1, 0], top.Select(s => s.Document));
        Assert.Equal(0.8, top[0].Score, 0.01);
        Assert.Equal(0.6, top[1].Score, 0.01);
    }

    [Fact]
    public void SearchChunks_NoPositiveCosine_ReturnsEmpty()
    {
        float[] vectors = [0f, 1f, -1f, 0f, -0.6f, -0.8f];
        var store = new EmbeddingStore("fp", 2, 3, [0, 1, 2], vectors, new bool[3]);

        Assert.Empty(store.SearchChunks([1f, 0f], 10));
    }

    [Fact]
    public void SearchChunks_QueryOfOtherWidthOrNoLimit_ReturnsEmpty()
    {
        var store = new EmbeddingStore("fp", 2, 1, [0], [1f, 0f], [false]);

        Assert.Empty(store.SearchChunks([1f, 0f, 0f], 10));
        Assert.Empty(store.SearchChunks([1f, 0f], 0));
        Assert.Single(store.SearchChunks([1f, 0f], 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(384)]
    [InlineData(1000)]
    public void DotInt8_AnyCodesAndWidth_EqualsTheScalarSum(int length)
    {
        var random = new Random(length);
        var left = new sbyte[length];
        var right = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            // The extremes are where a 16-bit lane would saturate if the pairs were not bounded.
            left[i] = i % 7 == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
            right[i] = i % 7 == 0 ? (sbyte)127 : i % 5 == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
        }

        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            expected += left[i] * right[i];
        }

        Assert.Equal(expected, EmbeddingStore.DotInt8(left, right));
        Assert.Equal(length * 127 * 127, EmbeddingStore.DotInt8(Enumerable.Repeat((sbyte)127, length).ToArray(), Enumerable.Repeat((sbyte)127, length).ToArray()));
        Assert.Equal(-length * 127 * 127, EmbeddingStore.DotInt8(Enumerable.Repeat((sbyte)-127, length).ToArray(), Enumerable.Repeat((sbyte)127, length).ToArray()));
    }

    [Fact]
    public void KeyOf_Hello_IsTheFirstHalfOfItsSha256ReadLittleEndian()
    {
        // SHA-256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e 1b161e5c…; a constant, so keys survive processes and machines.
        var expected = new UInt128(0x9ee2_b9c5_2a3b_e826, 0x0ea3_b05f_ba4d_f22c);

        Assert.Equal(expected, EmbeddingStore.KeyOf("hello"));
        Assert.Equal(EmbeddingStore.KeyOf("hello"), EmbeddingStore.KeyOf(new string(['h', 'e', 'l', 'l', 'o'])));
    }

    [Theory]
    [InlineData("The bridge opened in spring.", "The bridge opened in spring")]
    [InlineData("The bridge opened in spring.", "the bridge opened in spring.")]
    [InlineData("The bridge opened in spring.", "The bridge opened in spring. ")]
    [InlineData("caf\u00e9", "cafe\u0301")]
    [InlineData("", " ")]
    public void KeyOf_DifferentTexts_GiveDifferentKeys(string a, string b)
    {
        Assert.NotEqual(EmbeddingStore.KeyOf(a), EmbeddingStore.KeyOf(b));
    }

    private static byte[] Serialize(EmbeddingStore store)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            store.Write(writer);
        }

        return stream.ToArray();
    }

    private static EmbeddingStore Deserialize(byte[] bytes, out long consumed)
    {
        using var stream = new MemoryStream(bytes);
        using var reader = new BinaryReader(stream);
        var store = EmbeddingStore.Read(reader);
        consumed = stream.Position;
        return store;
    }

    private static void RandomUnit(Random random, Span<float> vector)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, norm, vector);
    }
}
