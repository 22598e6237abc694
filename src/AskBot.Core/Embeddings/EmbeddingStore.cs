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

    private readonly ReadOnlyMemory<sbyte> codes;
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
        string fingerprint, int dimensions, int chunkRows, UInt128[] keys, (ReadOnlyMemory<sbyte> Codes, float[] Scales) rows, bool[] truncated, float[]? centroid)
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
    /// The rows of both stores, for reuse only (no chunk rows): what a previous build left plus what an interrupted build
    /// had embedded. Null when both are null; one of them when the other is null or was made by other settings.
    /// </summary>
    public static EmbeddingStore? Combine(EmbeddingStore? first, EmbeddingStore? second)
    {
        if (first is null || first.Rows == 0)
        {
            return second;
        }

        if (second is null || second.Rows == 0 || !string.Equals(first.Fingerprint, second.Fingerprint, StringComparison.Ordinal)
            || first.Dimensions != second.Dimensions)
        {
            return first;
        }

        sbyte[] codes = [.. first.codes.Span, .. second.codes.Span];
        GC.KeepAlive(first);
        GC.KeepAlive(second);
        return new EmbeddingStore(
            first.Fingerprint,
            first.Dimensions,
            0,
            [.. first.keys, .. second.keys],
            (codes, [.. first.scales, .. second.scales]),
            [.. first.truncated, .. second.truncated],
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
        Span<float> vector = stackalloc float[this.Dimensions];
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
        Span<float> vector = stackalloc float[this.Dimensions];
        this.CopyRow(row, vector);
        return TensorPrimitives.Dot(query, vector);
    }

    /// <summary>
    /// The <paramref name="limit"/> chunks most similar to <paramref name="query"/> with a positive cosine, best first
    /// (ties by ordinal). Every chunk row is scored; the question is quantised like the rows so the scan multiplies
    /// bytes, not floats.
    /// </summary>
    public IReadOnlyList<ScoredDocument> SearchChunks(ReadOnlySpan<float> query, int limit)
    {
        if (limit <= 0 || !this.HasChunkVectors || query.Length != this.Dimensions)
        {
            return [];
        }

        var dimensions = this.Dimensions;
        var queryCodes = new sbyte[dimensions];
        var queryScale = QuantizeRow(query, queryCodes);
        var scores = new double[this.ChunkRows];
        var all = this.codes.Span;
        var scales = this.scales;
        for (var row = 0; row < scores.Length; row++)
        {
            scores[row] = (double)DotInt8(queryCodes, all.Slice(row * dimensions, dimensions)) * queryScale * scales[row];
        }

        GC.KeepAlive(this);

        return TopScores.SelectPositive(scores, limit);
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
        if (mapFrom is not null && count > 0)
        {
            var offset = reader.BaseStream.Position;
            if (offset + count > reader.BaseStream.Length)
            {
                throw new EndOfStreamException("Truncated embedding store.");
            }

            var mapped = MappedFileMemory<sbyte>.Map(mapFrom, offset, count);
            reader.BaseStream.Seek(count, SeekOrigin.Current);
            return new EmbeddingStore(fingerprint, dimensions, chunkRows, keys, (mapped.Memory, scales), truncated, centroid) { mapping = mapped };
        }

        var codes = new sbyte[count];
        ReadExactly(reader, MemoryMarshal.AsBytes(codes.AsSpan()));
        return new EmbeddingStore(fingerprint, dimensions, chunkRows, keys, (codes, scales), truncated, centroid);
    }

    private ReadOnlySpan<sbyte> Codes(int row) => this.codes.Span.Slice(checked(row * this.Dimensions), this.Dimensions);

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

    // 127 × 127 × 2 fits a 32-bit lane, so pairs are summed in int32 without overflow for any width a header allows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DotInt8(ReadOnlySpan<sbyte> left, ReadOnlySpan<sbyte> right)
    {
        var length = Math.Min(left.Length, right.Length);
        var sum = 0;
        var i = 0;
        if (Avx2.IsSupported && length >= 16)
        {
            var accumulator = Vector256<int>.Zero;
            ref var l = ref MemoryMarshal.GetReference(left);
            ref var r = ref MemoryMarshal.GetReference(right);
            for (; i <= length - 16; i += 16)
            {
                var a = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref l, (nuint)i));
                var b = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)i));
                accumulator = Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(a, b));
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

        /// <summary>A store of the filled rows only, with no chunk rows: what a checkpoint keeps.</summary>
        public EmbeddingStore BuildFilled(string fingerprint, UInt128[] keys, bool[] truncated)
        {
            var done = Enumerable.Range(0, this.filled.Length).Where(i => this.filled[i]).ToArray();
            var codes = new sbyte[done.Length * this.Dimensions];
            var scales = new float[done.Length];
            for (var i = 0; i < done.Length; i++)
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
