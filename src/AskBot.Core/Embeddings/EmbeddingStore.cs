using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using AskBot.Core.Retrieval;

namespace AskBot.Core.Embeddings;

/// <summary>
/// The dense vectors of an index, one row per embedded text (the chunks first, then the sentences), each row keyed by
/// a hash of the exact text that was embedded. The key lets a rebuild take every unchanged text's vector from the
/// previous cache instead of running the model again. Rows are L2-normalised, so a dot product is a cosine.
/// Immutable; safe to search from many threads.
/// </summary>
public sealed class EmbeddingStore
{
    /// <summary>Bytes of a row key (the first half of the text's SHA-256).</summary>
    public const int KeyLength = 16;

    private readonly float[] vectors;
    private readonly UInt128[] keys;
    private readonly bool[] truncated;

    public EmbeddingStore(string fingerprint, int dimensions, int chunkRows, UInt128[] keys, float[] vectors, bool[] truncated)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(truncated);
        if (dimensions < 0 || chunkRows < 0 || chunkRows > keys.Length || (long)keys.Length * dimensions != vectors.Length
            || (dimensions == 0 && keys.Length > 0) || truncated.Length != keys.Length)
        {
            throw new ArgumentException("Embedding rows, keys and dimensions disagree.", nameof(vectors));
        }

        this.Fingerprint = fingerprint;
        this.Dimensions = dimensions;
        this.ChunkRows = chunkRows;
        this.keys = keys;
        this.vectors = vectors;
        this.truncated = truncated;
        this.TruncatedInputs = truncated.Count(t => t);
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

        return new EmbeddingStore(
            first.Fingerprint,
            first.Dimensions,
            0,
            [.. first.keys, .. second.keys],
            [.. first.vectors, .. second.vectors],
            [.. first.truncated, .. second.truncated]);
    }

    /// <summary>A store with no rows, for providers whose vectors are not dense (ML.NET n-grams).</summary>
    public static EmbeddingStore Empty(string fingerprint) => new(fingerprint, 0, 0, [], [], []);

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

    /// <summary>Row <paramref name="row"/>'s vector.</summary>
    public ReadOnlySpan<float> Row(int row) => this.vectors.AsSpan(checked(row * this.Dimensions), this.Dimensions);

    /// <summary>Row <paramref name="row"/>'s key.</summary>
    public UInt128 Key(int row) => this.keys[row];

    /// <summary>True when row <paramref name="row"/>'s text was truncated to the model's limit.</summary>
    public bool WasTruncated(int row) => this.truncated[row];

    /// <summary>Cosine of <paramref name="query"/> (unit length) with row <paramref name="row"/>.</summary>
    public float Similarity(ReadOnlySpan<float> query, int row) => TensorPrimitives.Dot(query, this.Row(row));

    /// <summary>
    /// The <paramref name="limit"/> chunks most similar to <paramref name="query"/> with a positive cosine, best first
    /// (ties by ordinal). Exact: every chunk row is scored.
    /// </summary>
    public IReadOnlyList<ScoredDocument> SearchChunks(ReadOnlySpan<float> query, int limit)
    {
        if (limit <= 0 || !this.HasChunkVectors || query.Length != this.Dimensions)
        {
            return [];
        }

        var scores = new double[this.ChunkRows];
        var dimensions = this.Dimensions;
        var all = this.vectors.AsSpan();
        for (var row = 0; row < scores.Length; row++)
        {
            scores[row] = TensorPrimitives.Dot(query, all.Slice(row * dimensions, dimensions));
        }

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
        writer.Write(MemoryMarshal.AsBytes(this.vectors.AsSpan()));
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static EmbeddingStore Read(BinaryReader reader)
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
            || (long)rows * dimensions > int.MaxValue)
        {
            throw new InvalidDataException("Invalid embedding store header.");
        }

        var keys = new UInt128[rows];
        ReadExactly(reader, MemoryMarshal.AsBytes(keys.AsSpan()));
        var flags = new byte[rows];
        ReadExactly(reader, flags);
        var truncated = Array.ConvertAll(flags, f => f != 0);
        var vectors = new float[rows * dimensions];
        ReadExactly(reader, MemoryMarshal.AsBytes(vectors.AsSpan()));
        return new EmbeddingStore(fingerprint, dimensions, chunkRows, keys, vectors, truncated);
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
}
