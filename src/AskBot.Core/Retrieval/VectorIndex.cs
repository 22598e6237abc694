using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Cosine search over sparse chunk vectors through an inverted index: for each feature, the chunks that have it
/// with their values (compressed sparse columns). A query touches only the postings of its own features instead of
/// every chunk. Scores are the same doubles an exhaustive <see cref="SparseVector.Cosine"/> gives: each chunk's dot
/// product is summed in increasing feature order, as the merge in <see cref="SparseVector.Dot"/> does, and divided by
/// the same product of norms. Immutable; safe to search from many threads.
/// </summary>
/// <remarks>
/// Every posting of every query feature is walked. MaxScore-style pruning (skip the long postings of common character
/// n-grams once bounds prove they cannot change the top) was built and measured: it was 2–2.5× slower at 100k and 300k
/// chunks, because tf-idf bounds on n-grams shared by half the corpus stay loose, so thousands of candidates survive
/// and each costs a binary search per feature, while the plain walk is a sequential scan the CPU prefetches well.
/// </remarks>
public sealed class VectorIndex
{
    private readonly int[] featureStarts;
    private readonly int[] postingDocuments;
    private readonly float[] postingValues;
    private readonly double[] norms;

    public VectorIndex(IReadOnlyList<SparseVector> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var features = 0;
        long entries = 0;
        this.norms = new double[vectors.Count];
        for (var d = 0; d < vectors.Count; d++)
        {
            var vector = vectors[d];
            this.norms[d] = vector.Norm;
            entries += vector.Count;
            if (vector.Count > 0)
            {
                features = Math.Max(features, vector.Indices[^1] + 1);
            }
        }

        this.featureStarts = new int[features + 1];
        foreach (var vector in vectors)
        {
            foreach (var index in vector.Indices)
            {
                this.featureStarts[index + 1]++;
            }
        }

        for (var f = 0; f < features; f++)
        {
            this.featureStarts[f + 1] += this.featureStarts[f];
        }

        this.postingDocuments = new int[checked((int)entries)];
        this.postingValues = new float[entries];
        var next = this.featureStarts[..^1];
        for (var d = 0; d < vectors.Count; d++)
        {
            var indices = vectors[d].Indices;
            var values = vectors[d].Values;
            for (var i = 0; i < indices.Length; i++)
            {
                var slot = next[indices[i]]++;
                this.postingDocuments[slot] = d;
                this.postingValues[slot] = values[i];
            }
        }
    }

    private VectorIndex(int[] featureStarts, int[] postingDocuments, float[] postingValues, double[] norms)
    {
        this.featureStarts = featureStarts;
        this.postingDocuments = postingDocuments;
        this.postingValues = postingValues;
        this.norms = norms;
    }

    /// <summary>Number of vectors.</summary>
    public int Count => this.norms.Length;

    /// <summary>The <paramref name="limit"/> most similar documents with positive cosine, best first (ties by ordinal).</summary>
    public IReadOnlyList<ScoredDocument> Search(SparseVector query, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit <= 0 || query.Count == 0 || query.Norm == 0 || this.Count == 0)
        {
            return [];
        }

        var count = this.Count;
        var dots = ArrayPool<double>.Shared.Rent(count);

        // Pooled arrays may come back dirty; clearing them is a memset, cheap next to the postings walk.
        Array.Clear(dots, 0, count);
        try
        {
            this.Accumulate(query, dots);
            var cosines = dots.AsSpan(0, count);
            this.DivideByNorms(cosines, query.Norm);
            return TopScores.SelectPositive(cosines, limit);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(dots);
        }
    }

    /// <summary>Writes the inverted index as little-endian arrays (loaded without per-entry parsing).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(this.norms.Length);
        writer.Write(this.featureStarts.Length);
        writer.Write(this.postingDocuments.Length);
        writer.Write(MemoryMarshal.AsBytes(this.norms.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(this.featureStarts.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(this.postingDocuments.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(this.postingValues.AsSpan()));
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static VectorIndex Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!BitConverter.IsLittleEndian)
        {
            throw new InvalidDataException("The vector index format is little-endian only.");
        }

        var count = ReadCount(reader, 10_000_000);
        var starts = ReadCount(reader, int.MaxValue);
        var entries = ReadCount(reader, int.MaxValue);
        if (starts < 1)
        {
            throw new InvalidDataException("Invalid vector index.");
        }

        var norms = ReadArray<double>(reader, count);
        var featureStarts = ReadArray<int>(reader, starts);
        var documents = ReadArray<int>(reader, entries);
        var values = ReadArray<float>(reader, entries);

        // A damaged file must not index out of range later: offsets rise from 0 to the entry count, documents are ordinals.
        if (featureStarts[0] != 0 || featureStarts[^1] != entries)
        {
            throw new InvalidDataException("Invalid vector index offsets.");
        }

        for (var f = 1; f < featureStarts.Length; f++)
        {
            if (featureStarts[f] < featureStarts[f - 1])
            {
                throw new InvalidDataException("Invalid vector index offsets.");
            }
        }

        foreach (var doc in documents)
        {
            if ((uint)doc >= (uint)count)
            {
                throw new InvalidDataException("Vector posting out of range.");
            }
        }

        return new VectorIndex(featureStarts, documents, values, norms);
    }

    private static T[] ReadArray<T>(BinaryReader reader, int length)
        where T : struct
    {
        var array = new T[length];
        var bytes = MemoryMarshal.AsBytes(array.AsSpan());
        while (!bytes.IsEmpty)
        {
            var read = reader.Read(bytes);
            if (read == 0)
            {
                throw new EndOfStreamException("Truncated vector index.");
            }

            bytes = bytes[read..];
        }

        return array;
    }

    private static int ReadCount(BinaryReader reader, int max)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > max)
        {
            throw new InvalidDataException("Invalid count in vector index.");
        }

        return count;
    }

    // Adds every query feature's postings into the dot products, feature by feature in increasing order (the query's
    // order), so each chunk's sum is built in the same order as SparseVector.Dot builds it.
    private void Accumulate(SparseVector query, double[] dots)
    {
        var indices = query.Indices;
        var values = query.Values;
        var features = this.featureStarts.Length - 1;
        for (var i = 0; i < indices.Length; i++)
        {
            var feature = indices[i];
            if (feature >= features)
            {
                continue;
            }

            var weight = (double)values[i];
            var start = this.featureStarts[feature];
            var documents = this.postingDocuments.AsSpan(start, this.featureStarts[feature + 1] - start);
            var postingValues = this.postingValues.AsSpan(start, documents.Length);
            for (var p = 0; p < documents.Length; p++)
            {
                dots[documents[p]] += weight * postingValues[p];
            }
        }
    }

    // dots[i] becomes chunk i's cosine: the same division by the same product of norms as SparseVector.Cosine, a
    // vector of chunks at a time (IEEE multiplication and division round exactly as the scalar ones do).
    private void DivideByNorms(Span<double> dots, double queryNorm)
    {
        var norms = this.norms.AsSpan(0, dots.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            var queryNorms = new Vector<double>(queryNorm);
            for (; i <= dots.Length - width; i += width)
            {
                var denominators = queryNorms * new Vector<double>(norms.Slice(i, width));
                var cosines = new Vector<double>(dots.Slice(i, width)) / denominators;
                Vector.ConditionalSelect(Vector.Equals(denominators, Vector<double>.Zero), Vector<double>.Zero, cosines).CopyTo(dots.Slice(i, width));
            }
        }

        for (; i < dots.Length; i++)
        {
            var denominator = queryNorm * norms[i];
            dots[i] = denominator == 0 ? 0 : dots[i] / denominator;
        }
    }
}
