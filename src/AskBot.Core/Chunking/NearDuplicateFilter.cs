using System.Text.RegularExpressions;

namespace AskBot.Core.Chunking;

/// <summary>
/// Drops chunks whose word 3-gram shingle set has Jaccard similarity at or above a threshold with an earlier kept chunk,
/// so text syndicated or pasted twice is indexed once. Candidates come from an inverted index over shingle-set prefixes
/// (prefix filtering: two sets that reach the threshold must share a shingle in their prefixes, rarest shingles first),
/// so the work grows with the real overlaps rather than with the square of the chunk count; candidates are then checked
/// exactly.
/// </summary>
public sealed partial class NearDuplicateFilter
{
    private const int ShingleSize = 3;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Keeps the first of each group of near-duplicate chunks, in input order.</summary>
    /// <param name="chunks">Chunks in corpus order.</param>
    /// <param name="threshold">Jaccard similarity (0, 1] at or above which a later chunk is dropped.</param>
    public DeduplicationResult Filter(IReadOnlyList<Chunk> chunks, double threshold)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (double.IsNaN(threshold) || threshold <= 0 || threshold > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Threshold must be in (0, 1].");
        }

        // Prefix filtering is exact for any one global order of shingles; ordering them rarest first (corpus document
        // frequency, then hash) makes the prefixes consist of distinctive shingles, so the candidate lists stay short.
        // In hash order, phrases shared by thousands of chunks ("according to the") landed in prefixes and the
        // candidate checks grew with the square of the corpus.
        var shingled = new ulong[chunks.Count][];
        var frequency = new Dictionary<ulong, int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            shingled[c] = Shingle(chunks[c].Text);
            foreach (var shingle in shingled[c])
            {
                frequency[shingle] = frequency.GetValueOrDefault(shingle) + 1;
            }
        }

        var kept = new List<Chunk>();
        var keptShingles = new List<ulong[]>();
        var dropped = new List<DroppedDuplicate>();
        var index = new Dictionary<ulong, List<int>>();
        var candidates = new HashSet<int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var shingles = shingled[c];
            shingled[c] = [];
            var prefixLength = PrefixLength(shingles.Length, threshold);
            var prefix = RarestFirst(shingles, frequency, prefixLength);
            candidates.Clear();
            foreach (var shingle in prefix)
            {
                if (index.TryGetValue(shingle, out var postings))
                {
                    candidates.UnionWith(postings);
                }
            }

            var best = -1;
            var bestSimilarity = 0.0;
            foreach (var candidate in candidates)
            {
                var other = keptShingles[candidate];

                // Size filter: |A ∩ B| <= min size, so sets of very different sizes cannot reach the threshold.
                if (Math.Min(other.Length, shingles.Length) < threshold * Math.Max(other.Length, shingles.Length))
                {
                    continue;
                }

                var similarity = Jaccard(shingles, other);
                if (similarity >= threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && candidate < best)))
                {
                    best = candidate;
                    bestSimilarity = similarity;
                }
            }

            if (best >= 0)
            {
                dropped.Add(new DroppedDuplicate(chunk.ChunkId, kept[best].ChunkId, bestSimilarity));
                continue;
            }

            var position = kept.Count;
            kept.Add(chunk);
            keptShingles.Add(shingles);
            foreach (var shingle in prefix)
            {
                if (!index.TryGetValue(shingle, out var postings))
                {
                    postings = [];
                    index[shingle] = postings;
                }

                postings.Add(position);
            }
        }

        return new DeduplicationResult(kept, dropped);
    }

    // The first prefixLength shingles in the global order (corpus frequency ascending, then hash ascending).
    private static ulong[] RarestFirst(ulong[] shingles, Dictionary<ulong, int> frequency, int prefixLength)
    {
        if (prefixLength >= shingles.Length)
        {
            return shingles;
        }

        var ordered = (ulong[])shingles.Clone();
        var keys = new (int Frequency, ulong Hash)[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            keys[i] = (frequency[ordered[i]], ordered[i]);
        }

        Array.Sort(keys, ordered);
        return ordered[..prefixLength];
    }

    /// <summary>Jaccard similarity of the word 3-gram shingle sets of two texts (case-insensitive, punctuation ignored).</summary>
    public static double Similarity(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Jaccard(Shingle(first), Shingle(second));
    }

    private static int PrefixLength(int size, double threshold)
    {
        if (size == 0)
        {
            return 0;
        }

        // Tolerance keeps e.g. 0.8 * 10 at 8 rather than 8.000000000000002 → 9.
        var required = (int)Math.Ceiling((threshold * size) - 1e-9);
        return Math.Clamp(size - required + 1, 1, size);
    }

    /// <summary>Distinct shingle hashes in ascending order (the global order prefix filtering needs).</summary>
    private static ulong[] Shingle(string text)
    {
        var words = WordRegex().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToArray();
        var hashes = new HashSet<ulong>();
        if (words.Length == 0)
        {
            return [];
        }

        if (words.Length < ShingleSize)
        {
            // Too short for a 3-gram: the whole word sequence is its one shingle, so exact repeats still match.
            hashes.Add(Hash(words, 0, words.Length));
        }
        else
        {
            for (var i = 0; i + ShingleSize <= words.Length; i++)
            {
                hashes.Add(Hash(words, i, ShingleSize));
            }
        }

        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static ulong Hash(string[] words, int start, int count)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode, so duplicates are chosen the same way every run.
        var hash = FnvOffset;
        for (var w = start; w < start + count; w++)
        {
            foreach (var c in words[w])
            {
                hash = (hash ^ c) * FnvPrime;
            }

            hash = (hash ^ ' ') * FnvPrime;
        }

        return hash;
    }

    private static double Jaccard(ulong[] first, ulong[] second)
    {
        if (first.Length == 0 && second.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, shared = 0;
        while (i < first.Length && j < second.Length)
        {
            if (first[i] == second[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (first[i] < second[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)shared / (first.Length + second.Length - shared);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordRegex();
}
