using System.Globalization;

namespace AskBot.Core.Chunking;

/// <summary>
/// Drops chunks whose word 3-gram shingle set has Jaccard similarity at or above a threshold with an earlier kept chunk,
/// so text syndicated or pasted twice is indexed once. Candidates come from an inverted index over shingle-set prefixes
/// (prefix filtering: two sets that reach the threshold must share a shingle in their prefixes, rarest shingles first),
/// so the work grows with the real overlaps rather than with the square of the chunk count; candidates are then checked
/// exactly.
/// </summary>
internal sealed class NearDuplicateFilter
{
    private const int ShingleSize = 3;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    // Marks a candidate whose similarity is already known to stay below the threshold (see the positional filter).
    private const int Pruned = -1;

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
        Parallel.For(0, chunks.Count, c => shingled[c] = Shingle(chunks[c].Text));
        var frequency = new Dictionary<ulong, int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            foreach (var shingle in shingled[c])
            {
                frequency[shingle] = frequency.GetValueOrDefault(shingle) + 1;
            }
        }

        var kept = new List<Chunk>();
        var keptShingles = new List<ulong[]>();
        var dropped = new List<DroppedDuplicate>();
        var index = new Dictionary<ulong, List<PrefixPosting>>();

        // Shared prefix shingles per kept chunk for the chunk being probed (or Pruned), and the chunks touched, so
        // the array is reset in time proportional to the candidates rather than to the kept chunks. A plain array
        // instead of a set: at 600k chunks the probes walk hundreds of millions of postings.
        var overlap = new int[Math.Max(chunks.Count, 1)];
        var touched = new List<int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var shingles = shingled[c];
            shingled[c] = [];
            var prefixLength = PrefixLength(shingles.Length, threshold);
            var prefix = RarestFirst(shingles, frequency, prefixLength);
            for (var i = 0; i < prefix.Length; i++)
            {
                if (!index.TryGetValue(prefix[i], out var postings))
                {
                    continue;
                }

                foreach (var posting in postings)
                {
                    // Size filter: |A ∩ B| <= min size, so sets of very different sizes cannot reach the threshold.
                    // The size travels in the posting: looking it up in the kept chunk's array costs a cache miss per
                    // posting, and common shingles have postings in the hundreds of thousands.
                    if (Math.Min(posting.Size, shingles.Length) < threshold * Math.Max(posting.Size, shingles.Length))
                    {
                        continue;
                    }

                    var seen = overlap[posting.Chunk];
                    if (seen == Pruned)
                    {
                        continue;
                    }

                    if (seen == 0)
                    {
                        touched.Add(posting.Chunk);
                    }

                    // Positional filter (PPJoin): in the shared global order, the shingles both sets have before this
                    // one were all in both prefixes, so they are counted in `seen`; after it, at most the shorter of
                    // the two remainders can be shared. If even that bound stays below the threshold, the pair is
                    // settled without a merge. Computed with the same division as the exact check, so it never
                    // drops a pair the exact check would keep.
                    var bound = seen + 1 + Math.Min(shingles.Length - i - 1, posting.Size - posting.Position - 1);
                    overlap[posting.Chunk] = Ratio(bound, shingles.Length, posting.Size) < threshold ? Pruned : seen + 1;
                }
            }

            var best = -1;
            var bestSimilarity = 0.0;
            foreach (var candidate in touched)
            {
                var shared = overlap[candidate];
                overlap[candidate] = 0;
                if (shared == Pruned)
                {
                    continue;
                }

                var similarity = Jaccard(shingles, keptShingles[candidate], threshold);
                if (similarity >= threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && candidate < best)))
                {
                    best = candidate;
                    bestSimilarity = similarity;
                }
            }

            touched.Clear();
            if (best >= 0)
            {
                dropped.Add(new DroppedDuplicate(chunk.ChunkId, kept[best].ChunkId, bestSimilarity));
                continue;
            }

            var position = kept.Count;
            kept.Add(chunk);
            keptShingles.Add(shingles);
            for (var i = 0; i < prefix.Length; i++)
            {
                if (!index.TryGetValue(prefix[i], out var postings))
                {
                    postings = [];
                    index[prefix[i]] = postings;
                }

                postings.Add(new PrefixPosting(position, i, shingles.Length));
            }
        }

        return new DeduplicationResult(kept, dropped);
    }

    // The first prefixLength shingles in the global order (corpus frequency ascending, then hash ascending).
    private static ulong[] RarestFirst(ulong[] shingles, Dictionary<ulong, int> frequency, int prefixLength)
    {
        var ordered = (ulong[])shingles.Clone();
        var keys = new (int Frequency, ulong Hash)[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            keys[i] = (frequency[ordered[i]], ordered[i]);
        }

        // The positional filter needs each prefix shingle's rank in this order, so the prefix is always sorted.
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
        // Words are maximal runs of letters and digits (what [\p{L}\p{N}]+ matches), hashed lower-cased in place: at
        // 600k chunks, a string per word made shingling a large share of the build.
        var words = new List<(int Start, int End)>();
        for (var i = 0; i < text.Length;)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            words.Add((start, i));
        }

        if (words.Count == 0)
        {
            return [];
        }

        // Too short for a 3-gram: the whole word sequence is its one shingle, so exact repeats still match.
        if (words.Count < ShingleSize)
        {
            return [Hash(text, words, 0, words.Count)];
        }

        var hashes = new ulong[words.Count - ShingleSize + 1];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Hash(text, words, i, ShingleSize);
        }

        Array.Sort(hashes);
        var distinct = 1;
        for (var i = 1; i < hashes.Length; i++)
        {
            if (hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return distinct == hashes.Length ? hashes : hashes[..distinct];
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static ulong Hash(string text, List<(int Start, int End)> words, int first, int count)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode, so duplicates are chosen the same way every run.
        var hash = FnvOffset;
        for (var w = first; w < first + count; w++)
        {
            var (start, end) = words[w];
            for (var i = start; i < end; i++)
            {
                hash = (hash ^ char.ToLowerInvariant(text[i])) * FnvPrime;
            }

            hash = (hash ^ ' ') * FnvPrime;
        }

        return hash;
    }

    private static double Jaccard(ulong[] first, ulong[] second) => Ratio(Overlap(first, second), first.Length, second.Length);

    // Jaccard with an early exit: once even sharing every remaining shingle could not reach the threshold, the exact
    // value no longer matters (the caller only keeps similarities at or above it), so a value below it is returned.
    private static double Jaccard(ulong[] first, ulong[] second, double threshold)
    {
        int i = 0, j = 0, shared = 0;
        while (i < first.Length && j < second.Length)
        {
            if (first[i] == second[j])
            {
                shared++;
                i++;
                j++;
            }
            else
            {
                if (first[i] < second[j])
                {
                    i++;
                }
                else
                {
                    j++;
                }

                if (Ratio(shared + Math.Min(first.Length - i, second.Length - j), first.Length, second.Length) < threshold)
                {
                    return 0;
                }
            }
        }

        return Ratio(shared, first.Length, second.Length);
    }

    private static int Overlap(ulong[] first, ulong[] second)
    {
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

        return shared;
    }

    // |A ∩ B| / |A ∪ B| from the overlap; non-decreasing in the overlap, which the filters' bounds rely on.
    private static double Ratio(int shared, int firstLength, int secondLength)
        => firstLength == 0 && secondLength == 0 ? 0 : (double)shared / (firstLength + secondLength - shared);

    /// <summary>A kept chunk whose prefix holds a shingle, the shingle's rank in that chunk's global order, and the chunk's shingle count.</summary>
    private readonly record struct PrefixPosting(int Chunk, int Position, int Size);
}
