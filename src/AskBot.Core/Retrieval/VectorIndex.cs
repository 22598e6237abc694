using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Cosine search over sparse chunk vectors through an inverted index: for each feature, the chunks that have it
/// with their values (compressed sparse columns). A query touches only the postings of its own features instead of
/// every chunk, which is what makes vector search usable at 100k chunks. Scores are the same doubles an exhaustive
/// <see cref="SparseVector.Cosine"/> gives: each chunk's dot product is summed in increasing feature order, as the
/// merge in <see cref="SparseVector.Dot"/> does. The postings of very common features are not walked in full when
/// per-feature upper bounds prove that the chunks they would add cannot reach the top (see <c>Prune</c>); the top is
/// still exact, ties included. Immutable; safe to search from many threads.
/// </summary>
public sealed class VectorIndex
{
    // Below this many postings for a query, the exhaustive walk beat pruning (at 6k chunks a query has ≈ 20k).
    private const int MinPostingsToPrune = 65_536;

    private readonly int[] featureStarts;
    private readonly int[] postingDocuments;
    private readonly float[] postingValues;
    private readonly double[] norms;

    // Per-feature upper bounds for pruning (derived at construction, not persisted): the largest value in each
    // feature's postings, the smallest positive chunk norm, and whether pruning is sound for this data (values
    // non-negative, postings sorted by document so a chunk's value can be found by binary search).
    private readonly float[] maxValues;
    private readonly double minNorm;
    private readonly bool prunable;

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

        (this.maxValues, this.minNorm, this.prunable) = Bounds(this.featureStarts, this.postingDocuments, this.postingValues, this.norms);
    }

    private VectorIndex(int[] featureStarts, int[] postingDocuments, float[] postingValues, double[] norms)
    {
        this.featureStarts = featureStarts;
        this.postingDocuments = postingDocuments;
        this.postingValues = postingValues;
        this.norms = norms;
        (this.maxValues, this.minNorm, this.prunable) = Bounds(featureStarts, postingDocuments, postingValues, norms);
    }

    /// <summary>Number of vectors.</summary>
    public int Count => this.norms.Length;

    /// <summary>The <paramref name="limit"/> most similar documents with positive cosine, best first (ties by ordinal).</summary>
    public IReadOnlyList<ScoredDocument> Search(SparseVector query, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit <= 0 || query.Count == 0 || query.Norm == 0)
        {
            return [];
        }

        var terms = this.QueryTerms(query);
        if (terms.Length == 0)
        {
            return [];
        }

        var count = Math.Max(this.Count, 1);
        var partial = ArrayPool<double>.Shared.Rent(count);
        var state = ArrayPool<byte>.Shared.Rent(count);
        var touched = ArrayPool<int>.Shared.Rent(count);

        // Pooled arrays may come back dirty; clearing the used prefix is a memset, cheap next to the postings walk.
        Array.Clear(partial, 0, count);
        Array.Clear(state, 0, count);
        try
        {
            long postings = 0;
            foreach (var term in terms)
            {
                postings += term.End - term.Start;
            }

            // Pruning pays for its bookkeeping (threshold estimates, binary searches, exact rescoring) only when there
            // are many postings to skip; on small corpora walking everything is faster.
            var exhaustive = !this.prunable || postings < MinPostingsToPrune || Array.Exists(terms, t => t.Weight < 0);
            var candidateCount = exhaustive
                ? this.WalkAll(terms, partial, state, touched)
                : this.Prune(query, terms, limit, partial, state, touched);
            var top = new TopScores(limit);
            for (var c = 0; c < candidateCount; c++)
            {
                var doc = touched[c];
                var denominator = query.Norm * this.norms[doc];

                // Walking every feature in increasing order sums each dot product exactly as SparseVector.Dot does;
                // after pruning, the few candidates are rescored in that order instead.
                var dot = exhaustive ? partial[doc] : this.ExactDot(query, doc);
                var cosine = denominator == 0 ? 0 : dot / denominator;
                if (cosine > 0)
                {
                    top.Add(doc, cosine);
                }
            }

            return top.ToList();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(touched);
            ArrayPool<byte>.Shared.Return(state);
            ArrayPool<double>.Shared.Return(partial);
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

    // One sequential pass over the postings; at 100k chunks (43M entries) a few tens of milliseconds of the load.
    private static (float[] MaxValues, double MinNorm, bool Prunable) Bounds(int[] featureStarts, int[] documents, float[] values, double[] norms)
    {
        var features = featureStarts.Length - 1;
        var maxValues = new float[features];
        var prunable = true;
        for (var f = 0; f < features; f++)
        {
            var max = 0f;
            var previous = -1;
            for (var p = featureStarts[f]; p < featureStarts[f + 1]; p++)
            {
                var value = values[p];
                var doc = documents[p];
                if (!(value >= 0) || doc <= previous)
                {
                    prunable = false;
                }

                max = Math.Max(max, value);
                previous = doc;
            }

            maxValues[f] = max;
        }

        var minNorm = double.PositiveInfinity;
        foreach (var norm in norms)
        {
            if (norm > 0)
            {
                minNorm = Math.Min(minNorm, norm);
            }
        }

        return (maxValues, minNorm, prunable && !double.IsPositiveInfinity(minNorm));
    }

    // The query's features that have postings, with the most each can add to a chunk's dot product ÷ its norm.
    private QueryTerm[] QueryTerms(SparseVector query)
    {
        var indices = query.Indices;
        var values = query.Values;
        var features = this.featureStarts.Length - 1;
        var terms = new List<QueryTerm>(indices.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            var feature = indices[i];
            if (feature >= features || this.featureStarts[feature] == this.featureStarts[feature + 1])
            {
                continue;
            }

            var weight = (double)values[i];
            terms.Add(new QueryTerm(this.featureStarts[feature], this.featureStarts[feature + 1], weight, weight * this.maxValues[feature] / this.minNorm));
        }

        return [.. terms];
    }

    /// <summary>
    /// The number of documents, stored at the start of <paramref name="buffer"/>, that can be among the best
    /// <paramref name="limit"/> (a superset of them, by upper bounds). MaxScore-style, term at a time: features are
    /// walked rarest first, accumulating approximate dot products; once the bounds of the features not yet walked add
    /// up to less than a known lower bound of the <paramref name="limit"/>-th best score, no chunk that has none of the
    /// walked features can make the top, so the long postings of common character n-grams ("tion", shared by half the
    /// corpus) are only probed for the remaining candidates, which the shrinking bound keeps dropping. Exact: the caller
    /// rescores the survivors in feature order.
    /// </summary>
    private int Prune(SparseVector query, QueryTerm[] terms, int limit, double[] partial, byte[] state, int[] buffer)
    {
        // Rarest first: rare features carry the largest tf-idf bounds and the shortest postings.
        Array.Sort(terms, static (a, b) => (a.End - a.Start).CompareTo(b.End - b.Start));

        var rest = new double[terms.Length + 1];
        for (var j = terms.Length - 1; j >= 0; j--)
        {
            rest[j] = rest[j + 1] + terms[j].Bound;
        }

        var count = 0;
        var threshold = 0.0;
        var walked = 0;
        long postings = 0;
        long estimatedAt = -1;
        for (; walked < terms.Length; walked++)
        {
            var term = terms[walked];
            var length = term.End - term.Start;

            // The threshold is the limit-th best exact score among the best documents so far: costly (a pass over the
            // touched documents and limit exact rescorings), so estimated only before a list at least half as long as
            // that pass, and again only when the next list is at least as long as everything walked since, which
            // bounds the estimates to a few.
            if (count >= limit && length >= 4 * limit && 2 * length >= count && (estimatedAt < 0 || length >= postings - estimatedAt))
            {
                threshold = Math.Max(threshold, this.ExactKthBest(query, partial, buffer, count, limit));
                estimatedAt = postings;
            }

            if (rest[walked] < Lower(threshold))
            {
                break;
            }

            for (var p = term.Start; p < term.End; p++)
            {
                var doc = this.postingDocuments[p];
                if (state[doc] == 0)
                {
                    state[doc] = 1;
                    buffer[count++] = doc;
                }

                partial[doc] += term.Weight * this.postingValues[p];
            }

            postings += length;
        }

        if (count <= limit)
        {
            return count;
        }

        if (walked == terms.Length)
        {
            // Every posting walked: the partial sums are the scores (up to rounding), so only the top can survive.
            threshold = Math.Max(threshold, this.KthBest(partial, buffer, count, limit));
        }
        else
        {
            // Largest bounds first among the features left, so the bound on what they can add shrinks fastest.
            Array.Sort(terms, walked, terms.Length - walked, QueryTerm.ByBoundDescending);
            for (var j = terms.Length - 1; j >= walked; j--)
            {
                rest[j] = rest[j + 1] + terms[j].Bound;
            }
        }

        // Probe the remaining features only for the documents that can still reach the threshold.
        count = this.Keep(partial, state, buffer, count, rest[walked], threshold);
        for (var j = walked; j < terms.Length; j++)
        {
            var term = terms[j];
            var length = term.End - term.Start;
            var documents = this.postingDocuments.AsSpan(term.Start, length);
            if ((long)count * (BitOperations.Log2((uint)length) + 2) < length)
            {
                for (var c = 0; c < count; c++)
                {
                    var doc = buffer[c];
                    var at = documents.BinarySearch(doc);
                    if (at >= 0)
                    {
                        partial[doc] += term.Weight * this.postingValues[term.Start + at];
                    }
                }
            }
            else
            {
                for (var p = term.Start; p < term.End; p++)
                {
                    var doc = this.postingDocuments[p];
                    if (state[doc] == 2)
                    {
                        partial[doc] += term.Weight * this.postingValues[p];
                    }
                }
            }

            // The threshold stays (re-estimating costs more than it saves); the shrinking bound alone prunes.
            if (count > limit)
            {
                count = this.Keep(partial, state, buffer, count, rest[j + 1], threshold);
            }
        }

        // Every feature is now in the candidates' partial sums (up to rounding), so only those near the top need the
        // exact rescoring, which costs a binary search per query feature.
        if (count > limit)
        {
            threshold = Math.Max(threshold, this.KthBest(partial, buffer, count, limit));
            count = this.Keep(partial, state, buffer, count, 0, threshold);
        }

        return count;
    }

    // Every posting of every query feature, in increasing feature order (the query's order): exact dot products.
    private int WalkAll(QueryTerm[] terms, double[] partial, byte[] state, int[] buffer)
    {
        var count = 0;
        foreach (var term in terms)
        {
            for (var p = term.Start; p < term.End; p++)
            {
                var doc = this.postingDocuments[p];
                if (state[doc] == 0)
                {
                    state[doc] = 1;
                    buffer[count++] = doc;
                }

                partial[doc] += term.Weight * this.postingValues[p];
            }
        }

        return count;
    }

    // Keeps (compacting in place, marked 2) the documents whose score so far plus what the unwalked features can add
    // reaches the threshold; the others cannot be in the top.
    private int Keep(double[] partial, byte[] state, int[] buffer, int count, double remaining, double threshold)
    {
        var kept = 0;
        var lower = Lower(threshold);
        for (var c = 0; c < count; c++)
        {
            var doc = buffer[c];
            if (this.Scaled(partial, doc) + remaining >= lower)
            {
                state[doc] = 2;
                buffer[kept++] = doc;
            }
            else
            {
                state[doc] = 1;
            }
        }

        return kept;
    }

    // The k-th largest score so far among the documents: a lower bound of the k-th best final score, since
    // contributions are non-negative.
    private double KthBest(double[] partial, int[] documents, int count, int k)
    {
        var heap = new PriorityQueue<double, double>(k + 1);
        for (var c = 0; c < count; c++)
        {
            var score = this.Scaled(partial, documents[c]);
            if (heap.Count < k)
            {
                heap.Enqueue(score, score);
            }
            else if (score > heap.Peek())
            {
                heap.DequeueEnqueue(score, score);
            }
        }

        return heap.Count < k ? 0 : heap.Peek();
    }

    // The limit-th best exact score (dot product ÷ chunk norm) among the limit best documents by partial score: the
    // exact scores of limit distinct documents, so a lower bound of the final limit-th best, and far tighter than the
    // partial scores themselves early in the walk.
    private double ExactKthBest(SparseVector query, double[] partial, int[] documents, int count, int limit)
    {
        // A min-heap of the best partial scores (ties by ordinal do not matter: any limit distinct documents give a bound).
        var scores = ArrayPool<double>.Shared.Rent(limit);
        var docs = ArrayPool<int>.Shared.Rent(limit);
        try
        {
            var size = 0;
            for (var c = 0; c < count; c++)
            {
                var doc = documents[c];
                var score = this.Scaled(partial, doc);
                if (size < limit)
                {
                    var i = size++;
                    while (i > 0 && scores[(i - 1) / 2] > score)
                    {
                        scores[i] = scores[(i - 1) / 2];
                        docs[i] = docs[(i - 1) / 2];
                        i = (i - 1) / 2;
                    }

                    scores[i] = score;
                    docs[i] = doc;
                }
                else if (score > scores[0])
                {
                    SiftDown(scores, docs, size, score, doc);
                }
            }

            if (size < limit)
            {
                return 0;
            }

            var threshold = double.PositiveInfinity;
            for (var i = 0; i < size; i++)
            {
                var norm = this.norms[docs[i]];
                threshold = Math.Min(threshold, norm > 0 ? this.ExactDot(query, docs[i]) / norm : 0);
            }

            return threshold;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(docs);
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    // Replaces the heap's root with (score, doc) and restores the min-heap order.
    private static void SiftDown(double[] scores, int[] docs, int size, double score, int doc)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= size)
            {
                break;
            }

            if (child + 1 < size && scores[child + 1] < scores[child])
            {
                child++;
            }

            if (scores[child] >= score)
            {
                break;
            }

            scores[i] = scores[child];
            docs[i] = docs[child];
            i = child;
        }

        scores[i] = score;
        docs[i] = doc;
    }

    private double Scaled(double[] partial, int doc)
    {
        var norm = this.norms[doc];
        return norm > 0 ? partial[doc] / norm : 0;
    }

    // Partial sums are accumulated in a different order than the exact score, so they differ in the last bits; a
    // relative margin far above rounding error keeps every document that could tie or beat the threshold.
    private static double Lower(double threshold) => threshold * (1 - 1e-9);

    // The dot product summed in increasing feature order, exactly as the exhaustive merge in SparseVector.Dot.
    private double ExactDot(SparseVector query, int doc)
    {
        var indices = query.Indices;
        var values = query.Values;
        var features = this.featureStarts.Length - 1;
        var dot = 0.0;
        for (var i = 0; i < indices.Length; i++)
        {
            var feature = indices[i];
            if (feature >= features)
            {
                continue;
            }

            var start = this.featureStarts[feature];
            var at = this.postingDocuments.AsSpan(start, this.featureStarts[feature + 1] - start).BinarySearch(doc);
            if (at >= 0)
            {
                dot += (double)values[i] * this.postingValues[start + at];
            }
        }

        return dot;
    }

    private readonly record struct QueryTerm(int Start, int End, double Weight, double Bound)
    {
        public static IComparer<QueryTerm> ByBoundDescending { get; } = Comparer<QueryTerm>.Create(static (a, b) => b.Bound.CompareTo(a.Bound));
    }
}
