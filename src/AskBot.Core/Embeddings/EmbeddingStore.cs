using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using AskBot.Core.Retrieval;

namespace AskBot.Core.Embeddings;

/// <summary>
/// The dense vectors of an index, one row per embedded text (the chunks first, then the sentences), each row keyed by
/// a hash of the exact text that was embedded. The key lets a rebuild take every unchanged text's vector from the
/// previous cache instead of running the model again. Rows are L2-normalised, so a dot product is a cosine.
/// <para>
/// A row is kept as int8 codes with one float scale (value = code × scale, the scale mapping the row's largest
/// magnitude to 127): a quarter of float32's bytes on disk, in memory and in the per-question chunk scan, for a cosine
/// error below 0.01 (docs/PERFORMANCE.md gives the measured retrieval and answer cost). Immutable; safe to search from
/// many threads.
/// </para>
/// </summary>
public sealed class EmbeddingStore
{
    /// <summary>Bytes of a row key (the first half of the text's SHA-256).</summary>
    public const int KeyLength = 16;

    private const float CodeLimit = 127f;

    // Below this many chunks every row is scored exactly; above it a sign-bit pass picks the rows to score (see SearchChunks).
    private const int ExactScanRows = 100_000;

    // Rows the sign-bit pass hands to exact scoring per row asked for, and at least.
    private const int RescoreFactor = 128;
    private const int MinRescored = 8192;

    // Row-sized scratch lives on the stack up to this width (every model here is far below; a header allows 65,536).
    private const int StackDimensions = 4096;

    private readonly ReadOnlyMemory<sbyte> codes;

    // One bit per dimension of each chunk row, set when the value is positive: 1/8 of the codes, scanned first.
    private readonly ReadOnlyMemory<ulong> signs;
    private readonly float[] scales;
    private readonly UInt128[] keys;
    private readonly bool[] truncated;
    private readonly Lazy<float[]> centroid;

    // Holds the mapping of the cache file that codes point into (null when they are on the heap); see KeepAlive calls.
    private object? mapping;

    /// <summary>A store of <paramref name="vectors"/> (row-major, <paramref name="dimensions"/> wide), quantised to int8.</summary>
    public EmbeddingStore(string fingerprint, int dimensions, int chunkRows, UInt128[] keys, float[] vectors, bool[] truncated)
        : this(fingerprint, dimensions, chunkRows, keys, Quantize(vectors, dimensions, keys?.Length ?? 0), truncated, centroid: null)
    {
    }

    private EmbeddingStore(
        string fingerprint,
        int dimensions,
        int chunkRows,
        UInt128[] keys,
        (ReadOnlyMemory<sbyte> Codes, float[] Scales) rows,
        bool[] truncated,
        float[]? centroid,
        ReadOnlyMemory<ulong>? signs = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(truncated);
        if (dimensions < 0 || chunkRows < 0 || chunkRows > keys.Length || (long)keys.Length * dimensions != rows.Codes.Length
            || rows.Scales.Length != keys.Length || (dimensions == 0 && keys.Length > 0) || truncated.Length != keys.Length)
        {
            throw new ArgumentException("Embedding rows, keys and dimensions disagree.", nameof(rows));
        }

        this.Fingerprint = fingerprint;
        this.Dimensions = dimensions;
        this.ChunkRows = chunkRows;
        this.keys = keys;
        this.codes = rows.Codes;
        this.signs = signs ?? SignBits(rows.Codes.Span, dimensions, chunkRows);
        if (this.signs.Length != (long)chunkRows * SignWords(dimensions))
        {
            throw new ArgumentException("The sign bits and the chunk rows disagree.", nameof(signs));
        }
        this.scales = rows.Scales;
        this.truncated = truncated;
        this.TruncatedInputs = truncated.Count(t => t);
        if (centroid is not null && centroid.Length != dimensions)
        {
            throw new ArgumentException("The sentence centroid and the rows disagree in width.", nameof(centroid));
        }

        this.centroid = centroid is null ? new Lazy<float[]>(this.ComputeSentenceCentroid) : new Lazy<float[]>(centroid);
    }

    /// <summary>
    /// The rows of several stores, for reuse only (no chunk rows): what a previous build left plus the segments an
    /// interrupted build had checkpointed. Stores that are null, empty, or made by other settings than the first usable
    /// one are left out; null when none is usable.
    /// </summary>
    public static EmbeddingStore? Combine(params IReadOnlyList<EmbeddingStore?> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var usable = new List<EmbeddingStore>();
        foreach (var store in stores)
        {
            if (store is not null && store.Rows > 0
                && (usable.Count == 0 || (string.Equals(usable[0].Fingerprint, store.Fingerprint, StringComparison.Ordinal) && usable[0].Dimensions == store.Dimensions)))
            {
                usable.Add(store);
            }
        }

        if (usable.Count <= 1)
        {
            return usable.Count == 1 ? usable[0] : stores.FirstOrDefault(s => s is not null);
        }

        var codes = new sbyte[usable.Sum(s => (long)s.codes.Length)];
        var offset = 0;
        foreach (var store in usable)
        {
            store.codes.Span.CopyTo(codes.AsSpan(offset));
            offset += store.codes.Length;
            GC.KeepAlive(store);
        }

        return new EmbeddingStore(
            usable[0].Fingerprint,
            usable[0].Dimensions,
            0,
            [.. usable.SelectMany(s => s.keys)],
            (codes, [.. usable.SelectMany(s => s.scales)]),
            [.. usable.SelectMany(s => s.truncated)],
            centroid: null);
    }

    /// <summary>A store with no rows, for providers whose vectors are not dense (ML.NET n-grams).</summary>
    public static EmbeddingStore Empty(string fingerprint) => new(fingerprint, 0, 0, [], (ReadOnlyMemory<sbyte>.Empty, []), [], centroid: null);

    /// <summary>The embedding provider and settings that made the vectors; vectors of another fingerprint are never reused.</summary>
    public string Fingerprint { get; }

    /// <summary>Width of every row (0 when the store is empty).</summary>
    public int Dimensions { get; }

    /// <summary>Rows 0..ChunkRows-1 are the chunks in index order.</summary>
    public int ChunkRows { get; }

    /// <summary>All rows: chunks, then sentences.</summary>
    public int Rows => this.keys.Length;

    /// <summary>Rows whose text was longer than the model's limit and was truncated when it was embedded.</summary>
    public int TruncatedInputs { get; }

    /// <summary>
    /// The normalised mean of the sentence rows (after the chunk rows): what the corpus as a whole is about. Stored with
    /// the rows, so a loaded index need not read every sentence vector to know it.
    /// </summary>
    public ReadOnlyMemory<float> SentenceCentroid => this.centroid.Value;

    /// <summary>True when the rows are read from a memory-mapped cache file rather than held in the heap.</summary>
    public bool IsMapped => this.mapping is not null;

    /// <summary>True when chunk search can run on these vectors.</summary>
    public bool HasChunkVectors => this.Dimensions > 0 && this.ChunkRows > 0;

    /// <summary>The key of a text: the first <see cref="KeyLength"/> bytes of SHA-256 over its UTF-8.</summary>
    public static UInt128 KeyOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }

    /// <summary>Writes row <paramref name="row"/>'s vector (as stored, so within the quantisation step) into <paramref name="destination"/>.</summary>
    public void CopyRow(int row, Span<float> destination)
    {
        var source = this.Codes(row);
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination is shorter than a row.", nameof(destination));
        }

        var scale = this.scales[row];
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] * scale;
        }

        // The codes may be a mapped file released when this store is collected.
        GC.KeepAlive(this);
    }

    /// <summary>Adds row <paramref name="row"/>'s vector to <paramref name="sum"/>.</summary>
    public void AddRowTo(int row, Span<float> sum)
    {
        Span<float> vector = this.Dimensions <= StackDimensions ? stackalloc float[this.Dimensions] : new float[this.Dimensions];
        this.CopyRow(row, vector);
        TensorPrimitives.Add(sum[..vector.Length], vector, sum);
    }

    /// <summary>Row <paramref name="row"/>'s key.</summary>
    public UInt128 Key(int row) => this.keys[row];

    /// <summary>True when row <paramref name="row"/>'s text was truncated to the model's limit.</summary>
    public bool WasTruncated(int row) => this.truncated[row];

    /// <summary>Cosine of <paramref name="query"/> (unit length) with row <paramref name="row"/>.</summary>
    public float Similarity(ReadOnlySpan<float> query, int row)
    {
        Span<float> vector = this.Dimensions <= StackDimensions ? stackalloc float[this.Dimensions] : new float[this.Dimensions];
        this.CopyRow(row, vector);
        return TensorPrimitives.Dot(query, vector);
    }

    /// <summary>
    /// The <paramref name="limit"/> chunks most similar to <paramref name="query"/> with a positive cosine, best first
    /// (ties by ordinal). Up to 100,000 chunks every row is scored. Past that, a pass over the rows' sign bits (a
    /// 384-dimensional row is 48 bytes there, 384 as codes) ranks the chunks by how many dimensions agree in sign with
    /// the question, and only the best <c>128 × limit</c> (at least 8,192) are scored: a scan that reads every code is
    /// bound by memory bandwidth at 600k chunks. docs/PERFORMANCE.md gives the measured recall against the full scan.
    /// </summary>
    public IReadOnlyList<ScoredDocument> SearchChunks(ReadOnlySpan<float> query, int limit)
    {
        if (limit <= 0 || !this.HasChunkVectors || query.Length != this.Dimensions)
        {
            return [];
        }

        var rescored = Math.Max(MinRescored, limit * RescoreFactor);
        if (this.ChunkRows <= Math.Max(ExactScanRows, rescored))
        {
            return this.SearchChunksExactly(query, limit);
        }

        return this.BestScored(query, limit, this.RowsAgreeingMostInSign(query, rescored));
    }

    // The `count` chunk rows whose signs differ from the question's in the fewest dimensions (ties by ordinal). The
    // distances are small integers, so a histogram finds the cut-off in one more pass instead of a heap of thousands.
    private List<int> RowsAgreeingMostInSign(ReadOnlySpan<float> query, int count)
    {
        Span<ulong> querySigns = stackalloc ulong[SignWords(this.Dimensions)];
        SetSignBits(query, querySigns);
        var words = querySigns.Length;
        var signs = this.signs.Span;
        var distances = ArrayPool<ushort>.Shared.Rent(this.ChunkRows);
        var histogram = new int[(words * 64) + 1];
        try
        {
            for (var row = 0; row < this.ChunkRows; row++)
            {
                var bits = signs.Slice(row * words, words);
                var differing = 0;
                for (var w = 0; w < words; w++)
                {
                    differing += BitOperations.PopCount(bits[w] ^ querySigns[w]);
                }

                distances[row] = (ushort)differing;
                histogram[differing]++;
            }

            // Every row closer than the cut-off is taken; rows at it are taken in ordinal order until `count` are.
            var cutoff = 0;
            var closer = 0;
            while (cutoff < histogram.Length - 1 && closer + histogram[cutoff] < count)
            {
                closer += histogram[cutoff++];
            }

            var atCutoff = count - closer;
            var rows = new List<int>(count);
            for (var row = 0; row < this.ChunkRows; row++)
            {
                if (distances[row] < cutoff || (distances[row] == cutoff && atCutoff-- > 0))
                {
                    rows.Add(row);
                }
            }

            return rows;
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(distances);
            GC.KeepAlive(this);
        }
    }

    /// <summary>Like <see cref="SearchChunks"/>, but scores every chunk row whatever the corpus size.</summary>
    internal IReadOnlyList<ScoredDocument> SearchChunksExactly(ReadOnlySpan<float> query, int limit)
    {
        return limit <= 0 || !this.HasChunkVectors || query.Length != this.Dimensions ? [] : this.BestScored(query, limit, rows: null);
    }

    // The best `limit` of `rows` (every chunk row when null) with a positive score. Scores are offered to the bounded
    // heap as they are made, not collected first: an array of every chunk's score was megabytes of large-object garbage
    // per question at 600k chunks, which grew a serving process by gigabytes between collections.
    private List<ScoredDocument> BestScored(ReadOnlySpan<float> query, int limit, List<int>? rows)
    {
        Span<sbyte> queryCodes = this.Dimensions <= StackDimensions ? stackalloc sbyte[this.Dimensions] : new sbyte[this.Dimensions];
        var queryScale = QuantizeRow(query, queryCodes);
        var top = new TopScores(limit);
        var count = rows?.Count ?? this.ChunkRows;
        for (var i = 0; i < count; i++)
        {
            var row = rows is null ? i : rows[i];
            var score = this.Score(queryCodes, queryScale, row);
            if (score > 0)
            {
                top.Add(row, score);
            }
        }

        GC.KeepAlive(this);
        return top.ToList();
    }

    /// <summary>Writes the store as little-endian blocks (loaded without per-entry parsing).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(this.Fingerprint);
        writer.Write(this.Dimensions);
        writer.Write(this.ChunkRows);
        writer.Write(this.Rows);
        writer.Write(MemoryMarshal.AsBytes(this.keys.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(this.truncated.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(this.scales.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(this.SentenceCentroid.Span));
        writer.Write(MemoryMarshal.AsBytes(this.codes.Span));
        writer.Write(MemoryMarshal.AsBytes(this.signs.Span));
        GC.KeepAlive(this);
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote. With <paramref name="mapFrom"/>, the file <paramref name="reader"/> reads,
    /// the rows are memory-mapped from it instead of read into the heap.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static EmbeddingStore Read(BinaryReader reader, FileStream? mapFrom = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!BitConverter.IsLittleEndian)
        {
            throw new InvalidDataException("The embedding store format is little-endian only.");
        }

        var fingerprint = reader.ReadString();
        var dimensions = reader.ReadInt32();
        var chunkRows = reader.ReadInt32();
        var rows = reader.ReadInt32();
        if (dimensions < 0 || dimensions > 65536 || rows < 0 || chunkRows < 0 || chunkRows > rows || (dimensions == 0 && rows > 0)
            || (long)rows * dimensions > Array.MaxLength)
        {
            throw new InvalidDataException("Invalid embedding store header.");
        }

        var keys = new UInt128[rows];
        ReadExactly(reader, MemoryMarshal.AsBytes(keys.AsSpan()));
        var flags = new byte[rows];
        ReadExactly(reader, flags);
        var truncated = Array.ConvertAll(flags, f => f != 0);
        var scales = new float[rows];
        ReadExactly(reader, MemoryMarshal.AsBytes(scales.AsSpan()));
        var centroid = new float[dimensions];
        ReadExactly(reader, MemoryMarshal.AsBytes(centroid.AsSpan()));
        var count = rows * dimensions;
        var signCount = chunkRows * SignWords(dimensions);
        if (mapFrom is not null && count > 0)
        {
            var offset = reader.BaseStream.Position;
            if (offset + count + ((long)signCount * sizeof(ulong)) > reader.BaseStream.Length)
            {
                throw new EndOfStreamException("Truncated embedding store.");
            }

            var mappedCodes = MappedFileMemory<sbyte>.Map(mapFrom, offset, count);
            var mappedSigns = signCount == 0 ? null : MappedFileMemory<ulong>.Map(mapFrom, offset + count, signCount);
            reader.BaseStream.Seek(count + ((long)signCount * sizeof(ulong)), SeekOrigin.Current);
            return new EmbeddingStore(
                fingerprint, dimensions, chunkRows, keys, (mappedCodes.Memory, scales), truncated, centroid, mappedSigns?.Memory ?? ReadOnlyMemory<ulong>.Empty)
            {
                mapping = (mappedCodes, mappedSigns),
            };
        }

        var codes = new sbyte[count];
        ReadExactly(reader, MemoryMarshal.AsBytes(codes.AsSpan()));
        var signs = new ulong[signCount];
        ReadExactly(reader, MemoryMarshal.AsBytes(signs.AsSpan()));
        return new EmbeddingStore(fingerprint, dimensions, chunkRows, keys, (codes, scales), truncated, centroid, signs);
    }

    private ReadOnlySpan<sbyte> Codes(int row) => this.codes.Span.Slice(checked(row * this.Dimensions), this.Dimensions);

    private double Score(ReadOnlySpan<sbyte> queryCodes, float queryScale, int row) =>
        (double)DotInt8(queryCodes, this.Codes(row)) * queryScale * this.scales[row];

    private static int SignWords(int dimensions) => (dimensions + 63) / 64;

    private static ulong[] SignBits(ReadOnlySpan<sbyte> codes, int dimensions, int rows)
    {
        var words = SignWords(dimensions);
        var bits = new ulong[rows * words];
        for (var row = 0; row < rows; row++)
        {
            var rowCodes = codes.Slice(row * dimensions, dimensions);
            for (var i = 0; i < dimensions; i++)
            {
                if (rowCodes[i] > 0)
                {
                    bits[(row * words) + (i / 64)] |= 1UL << (i % 64);
                }
            }
        }

        return bits;
    }

    private static void SetSignBits(ReadOnlySpan<float> vector, Span<ulong> bits)
    {
        bits.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > 0)
            {
                bits[i / 64] |= 1UL << (i % 64);
            }
        }
    }

    private float[] ComputeSentenceCentroid()
    {
        var sum = new float[this.Dimensions];
        for (var row = this.ChunkRows; row < this.Rows && sum.Length > 0; row++)
        {
            this.AddRowTo(row, sum);
        }

        var norm = TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }

    private static (sbyte[] Codes, float[] Scales) Quantize(float[] vectors, int dimensions, int rows)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (dimensions < 0 || (long)rows * dimensions != vectors.Length || (dimensions == 0 && rows > 0))
        {
            throw new ArgumentException("Embedding rows, keys and dimensions disagree.", nameof(vectors));
        }

        var codes = new sbyte[vectors.Length];
        var scales = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            scales[row] = QuantizeRow(vectors.AsSpan(row * dimensions, dimensions), codes.AsSpan(row * dimensions, dimensions));
        }

        return (codes, scales);
    }

    /// <summary>Fills <paramref name="codes"/> with <paramref name="vector"/>'s int8 codes and returns their scale.</summary>
    internal static float QuantizeRow(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var largest = vector.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(vector);
        if (!float.IsFinite(largest) || largest == 0)
        {
            // A zero (or broken) vector scores zero against everything rather than spreading NaN through a ranking.
            codes.Clear();
            return 0;
        }

        var scale = Math.Abs(largest) / CodeLimit;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -CodeLimit, CodeLimit);
        }

        return scale;
    }

    // Codes lie in [-127, 127], so a product pair sums to at most 2 × 127² = 32,258: it fits the 16-bit lanes of
    // vpmaddubsw without saturating (|a| as unsigned times b with a's sign, pairs added), and 32-bit lanes hold any
    // width a header allows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DotInt8(ReadOnlySpan<sbyte> left, ReadOnlySpan<sbyte> right)
    {
        var length = Math.Min(left.Length, right.Length);
        var sum = 0;
        var i = 0;
        if (Avx2.IsSupported && length >= 32)
        {
            var accumulator = Vector256<int>.Zero;
            var ones = Vector256.Create((short)1);
            ref var l = ref MemoryMarshal.GetReference(left);
            ref var r = ref MemoryMarshal.GetReference(right);
            for (; i <= length - 32; i += 32)
            {
                var a = Vector256.LoadUnsafe(ref l, (nuint)i);
                var b = Vector256.LoadUnsafe(ref r, (nuint)i);
                var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(a), Avx2.Sign(b, a));
                accumulator = Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(pairs, ones));
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; i < length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var read = reader.Read(bytes);
            if (read == 0)
            {
                throw new EndOfStreamException("Truncated embedding store.");
            }

            bytes = bytes[read..];
        }
    }

    /// <summary>
    /// Rows filled one at a time (a build quantises each vector as it arrives, so a large corpus never holds its
    /// vectors as float32), then frozen into a store.
    /// </summary>
    internal sealed class Builder
    {
        private readonly int rows;
        private sbyte[] codes = [];
        private float[] scales = [];
        private bool[] filled = [];

        public Builder(int rows, int dimensions)
        {
            this.rows = rows;
            if (dimensions > 0)
            {
                this.SetDimensions(dimensions);
            }
        }

        public int Dimensions { get; private set; }

        public bool IsFilled(int row) => this.filled.Length > 0 && this.filled[row];

        /// <summary>Sets row <paramref name="row"/>; the first vector fixes the width.</summary>
        public void Set(int row, ReadOnlySpan<float> vector)
        {
            if (this.Dimensions == 0)
            {
                this.SetDimensions(vector.Length);
            }
            else if (vector.Length != this.Dimensions)
            {
                throw new InvalidOperationException($"The embedding provider returned vectors of {vector.Length} and {this.Dimensions} dimensions.");
            }

            this.scales[row] = QuantizeRow(vector, this.codes.AsSpan(row * this.Dimensions, this.Dimensions));
            this.filled[row] = true;
        }

        /// <summary>Takes row <paramref name="sourceRow"/> of <paramref name="source"/> as it is stored (no second rounding).</summary>
        public void CopyFrom(int row, EmbeddingStore source, int sourceRow)
        {
            if (this.Dimensions == 0)
            {
                this.SetDimensions(source.Dimensions);
            }

            source.Codes(sourceRow).CopyTo(this.codes.AsSpan(row * this.Dimensions, this.Dimensions));
            this.scales[row] = source.scales[sourceRow];
            GC.KeepAlive(source);
            this.filled[row] = true;
        }

        /// <summary>The store of every row (all must be filled).</summary>
        public EmbeddingStore Build(string fingerprint, int chunkRows, UInt128[] keys, bool[] truncated) =>
            new(fingerprint, this.Dimensions, chunkRows, keys, (this.codes, this.scales), truncated, centroid: null);

        /// <summary>A store of <paramref name="done"/> (filled rows), with no chunk rows: what a checkpoint appends.</summary>
        public EmbeddingStore BuildRows(IReadOnlyList<int> done, string fingerprint, UInt128[] keys, bool[] truncated)
        {
            var codes = new sbyte[done.Count * this.Dimensions];
            var scales = new float[done.Count];
            for (var i = 0; i < done.Count; i++)
            {
                this.codes.AsSpan(done[i] * this.Dimensions, this.Dimensions).CopyTo(codes.AsSpan(i * this.Dimensions));
                scales[i] = this.scales[done[i]];
            }

            return new EmbeddingStore(
                fingerprint, this.Dimensions, 0, [.. done.Select(i => keys[i])], (codes, scales), [.. done.Select(i => truncated[i])], centroid: null);
        }

        private void SetDimensions(int dimensions)
        {
            this.Dimensions = dimensions;
            this.codes = new sbyte[checked(this.rows * dimensions)];
            this.scales = new float[this.rows];
            this.filled = new bool[this.rows];
        }
    }
}
