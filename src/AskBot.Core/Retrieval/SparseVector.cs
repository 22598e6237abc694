namespace AskBot.Core.Retrieval;

/// <summary>
/// An immutable sparse vector (sorted indices with their non-zero values). ML.NET n-gram vectors have tens of
/// thousands of dimensions of which a chunk uses a few hundred, so the index keeps only the non-zeros.
/// </summary>
public sealed class SparseVector
{
    private readonly int[] indices;
    private readonly float[] values;

    /// <summary>Creates a vector from strictly increasing indices and their values.</summary>
    public SparseVector(int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException("Indices and values differ in length.", nameof(values));
        }

        for (var i = 1; i < indices.Length; i++)
        {
            if (indices[i] <= indices[i - 1])
            {
                throw new ArgumentException("Indices must be strictly increasing.", nameof(indices));
            }
        }

        this.indices = indices;
        this.values = values;
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        this.Norm = Math.Sqrt(sum);
    }

    /// <summary>The empty vector.</summary>
    public static SparseVector Empty { get; } = new([], []);

    /// <summary>Indices of the non-zero entries, increasing.</summary>
    public ReadOnlySpan<int> Indices => this.indices;

    /// <summary>Values of the non-zero entries.</summary>
    public ReadOnlySpan<float> Values => this.values;

    /// <summary>Number of stored entries.</summary>
    public int Count => this.indices.Length;

    /// <summary>Euclidean length.</summary>
    public double Norm { get; }

    /// <summary>Keeps the non-zero entries of a dense vector.</summary>
    public static SparseVector FromDense(ReadOnlySpan<float> dense)
    {
        var count = 0;
        foreach (var v in dense)
        {
            if (v != 0f)
            {
                count++;
            }
        }

        var idx = new int[count];
        var val = new float[count];
        var n = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0f)
            {
                idx[n] = i;
                val[n] = dense[i];
                n++;
            }
        }

        return new SparseVector(idx, val);
    }

    /// <summary>Dot product by merging the two sorted index lists.</summary>
    public double Dot(SparseVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double sum = 0;
        int i = 0, j = 0;
        var a = this.indices;
        var b = other.indices;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                sum += (double)this.values[i] * other.values[j];
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public double Cosine(SparseVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var denominator = this.Norm * other.Norm;
        return denominator == 0 ? 0 : this.Dot(other) / denominator;
    }
}
