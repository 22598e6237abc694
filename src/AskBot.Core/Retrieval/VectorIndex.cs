namespace AskBot.Core.Retrieval;

/// <summary>Exhaustive cosine search over sparse chunk vectors; fine for corpora of thousands of chunks.</summary>
public sealed class VectorIndex
{
    private readonly SparseVector[] vectors;

    public VectorIndex(IReadOnlyList<SparseVector> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        this.vectors = [.. vectors];
    }

    /// <summary>Number of vectors.</summary>
    public int Count => this.vectors.Length;

    /// <summary>The vector of document <paramref name="document"/>.</summary>
    public SparseVector this[int document] => this.vectors[document];

    /// <summary>The <paramref name="limit"/> most similar documents with positive cosine, best first.</summary>
    public IReadOnlyList<ScoredDocument> Search(SparseVector query, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        var results = new List<ScoredDocument>();
        for (var i = 0; i < this.vectors.Length; i++)
        {
            var cosine = query.Cosine(this.vectors[i]);
            if (cosine > 0)
            {
                results.Add(new ScoredDocument(i, cosine));
            }
        }

        return results
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Document)
            .Take(limit)
            .ToList();
    }

    /// <summary>Writes the vectors.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(this.vectors.Length);
        foreach (var vector in this.vectors)
        {
            writer.Write(vector.Count);
            foreach (var index in vector.Indices)
            {
                writer.Write(index);
            }

            foreach (var value in vector.Values)
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static VectorIndex Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        if (count < 0 || count > 10_000_000)
        {
            throw new InvalidDataException("Invalid vector count.");
        }

        var vectors = new SparseVector[count];
        for (var v = 0; v < count; v++)
        {
            var n = reader.ReadInt32();
            if (n < 0 || n > 100_000_000)
            {
                throw new InvalidDataException("Invalid sparse vector length.");
            }

            var indices = new int[n];
            var values = new float[n];
            for (var i = 0; i < n; i++)
            {
                indices[i] = reader.ReadInt32();
            }

            for (var i = 0; i < n; i++)
            {
                values[i] = reader.ReadSingle();
            }

            try
            {
                vectors[v] = new SparseVector(indices, values);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException("Invalid sparse vector.", ex);
            }
        }

        return new VectorIndex(vectors);
    }
}
