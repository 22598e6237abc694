using System.Buffers;
using System.Runtime.InteropServices;
using AskBot.Core.Chunking;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Per-chunk analysis computed when the index is built and kept in its cache: each chunk's sentences as sorted sets of
/// vocabulary term ids (for the proximity re-rank) and the chunk's distinct term ids (for the result selector's
/// duplicate check). Analysing the sentences of a query's candidates on first touch was most of a query's time at
/// 100k chunks; now no query analyses chunk text. Sets are stored delta- and varint-encoded in one byte array with one
/// offset per chunk (about 2 bytes per id instead of an object per sentence), and decoded as a query reads them.
/// Ids are <see cref="Bm25Index.TryGetTermId"/> ranks, the same in a built index and its reloaded copy. Immutable.
/// </summary>
public sealed class SentenceTermCache
{
    private readonly byte[] data;
    private readonly int[] starts;

    private SentenceTermCache(byte[] data, int[] starts)
    {
        this.data = data;
        this.starts = starts;
    }

    // Chunks analysed in parallel before their sets are encoded in order: enough to keep every core busy, few enough
    // that their sets are a few MB.
    private const int BuildBlock = 4096;

    /// <summary>Number of chunks covered.</summary>
    public int Count => this.starts.Length - 1;

    /// <summary>Size of the encoded sets in bytes.</summary>
    public int EncodedBytes => this.data.Length;

    /// <summary>Analyses every chunk: the sets for <paramref name="chunks"/> in <paramref name="lexical"/>'s vocabulary.</summary>
    public static SentenceTermCache Build(
        IReadOnlyList<Chunk> chunks,
        TermAnalyzer analyzer,
        AliasTable aliases,
        Bm25Index lexical,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(lexical);
        var memo = new WordTermMemo();
        var output = new Encoder(chunks.Count * 256);
        var starts = new int[chunks.Count + 1];

        // Chunk terms the vocabulary lacks (none when the index was built from these chunks) get ids past it, one per
        // distinct term, so the duplicate check's set sizes and intersections stay those of the term strings. They are
        // numbered in chunk order, so the analysis runs on every core a block at a time and the encoding follows in order.
        Dictionary<string, int>? unknown = null;
        var block = new Analysed[Math.Min(BuildBlock, chunks.Count)];
        for (var first = 0; first < chunks.Count; first += BuildBlock)
        {
            var count = Math.Min(BuildBlock, chunks.Count - first);
            Parallel.For(
                0,
                count,
                new ParallelOptions { CancellationToken = cancellationToken },
                i => block[i] = Analyse(chunks[first + i], analyzer, aliases, lexical, memo));
            for (var i = 0; i < count; i++)
            {
                var (sentences, ids, missing) = block[i];
                block[i] = default;
                output.WriteVarint(sentences.Length);
                foreach (var sentence in sentences)
                {
                    output.WriteSet(sentence);
                }

                foreach (var (position, term) in missing ?? [])
                {
                    unknown ??= new Dictionary<string, int>(StringComparer.Ordinal);
                    if (!unknown.TryGetValue(term, out var id))
                    {
                        id = lexical.Vocabulary.Count + unknown.Count;
                        unknown[term] = id;
                    }

                    ids[position] = id;
                }

                output.WriteSet(missing is null ? ids : SortedDistinct([.. ids]));
                starts[first + i + 1] = output.Length;
            }
        }

        return new SentenceTermCache(output.ToArray(), starts);
    }

    /// <summary>Reads what <see cref="Write"/> wrote, for an index of <paramref name="chunkCount"/> chunks.</summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static SentenceTermCache Read(BinaryReader reader, int chunkCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!BitConverter.IsLittleEndian)
        {
            throw new InvalidDataException("The sentence term format is little-endian only.");
        }

        var count = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (count != chunkCount || length < 0)
        {
            throw new InvalidDataException("Sentence terms do not match the chunks.");
        }

        var starts = new int[count + 1];
        ReadExactly(reader, MemoryMarshal.AsBytes(starts.AsSpan()));

        // Offsets rise from 0 to the data length, so no chunk's sets are read outside the array.
        if (starts[0] != 0 || starts[^1] != length)
        {
            throw new InvalidDataException("Invalid sentence term offsets.");
        }

        for (var c = 1; c < starts.Length; c++)
        {
            if (starts[c] < starts[c - 1])
            {
                throw new InvalidDataException("Invalid sentence term offsets.");
            }
        }

        var data = new byte[length];
        ReadExactly(reader, data);
        return new SentenceTermCache(data, starts);
    }

    /// <summary>Writes the chunk count, the offsets and the encoded sets as raw little-endian blocks.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(this.Count);
        writer.Write(this.data.Length);
        writer.Write(MemoryMarshal.AsBytes(this.starts.AsSpan()));
        writer.Write(this.data);
    }

    /// <summary>The distinct term ids of <paramref name="chunk"/>'s text (alias-group terms not included), ascending.</summary>
    internal int[] TermIds(int chunk)
    {
        var position = this.starts[chunk];
        var sentences = this.ReadVarint(ref position);
        for (var s = 0; s < sentences; s++)
        {
            var count = this.ReadVarint(ref position);
            for (var i = 0; i < count; i++)
            {
                // Skip one varint: its last byte has the high bit clear.
                while ((this.data[position++] & 0x80) != 0)
                {
                }
            }
        }

        var ids = new int[this.ReadVarint(ref position)];
        this.ReadSet(ref position, ids);
        return ids;
    }

    /// <summary>
    /// The largest clause weight that one sentence of <paramref name="chunk"/> reaches with at least two clauses
    /// (0 when none does): the re-rank's <c>BestSentenceWeight</c> on the cached sets.
    /// </summary>
    internal double BestSentenceWeight(int chunk, int[][] clauseIds, double[] weights)
    {
        var position = this.starts[chunk];
        var sentences = this.ReadVarint(ref position);
        var buffer = ArrayPool<int>.Shared.Rent(64);
        try
        {
            var best = 0.0;
            for (var s = 0; s < sentences; s++)
            {
                var count = this.ReadVarint(ref position);
                if (count > buffer.Length)
                {
                    ArrayPool<int>.Shared.Return(buffer);
                    buffer = ArrayPool<int>.Shared.Rent(count);
                }

                var terms = buffer.AsSpan(0, count);
                this.ReadSet(ref position, terms);
                best = Math.Max(best, SentenceWeight(terms, clauseIds, weights));
            }

            return best;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The summed weights of the clauses that have an id in <paramref name="terms"/> (sorted), or 0 when fewer than two
    /// clauses do. Clauses are summed in order, so the double is the same however the sets are stored.
    /// </summary>
    internal static double SentenceWeight(ReadOnlySpan<int> terms, int[][] clauseIds, double[] weights)
    {
        var matched = 0;
        var weight = 0.0;
        for (var i = 0; i < clauseIds.Length; i++)
        {
            foreach (var id in clauseIds[i])
            {
                if (terms.BinarySearch(id) >= 0)
                {
                    matched++;
                    weight += weights[i];
                    break;
                }
            }
        }

        return matched >= 2 ? weight : 0.0;
    }

    // A chunk's sentence sets and its whole-text term ids (sorted and distinct unless some terms are not in the
    // vocabulary: those are left at their positions, to be numbered in chunk order).
    private static Analysed Analyse(Chunk chunk, TermAnalyzer analyzer, AliasTable aliases, Bm25Index lexical, WordTermMemo memo)
    {
        var sentences = SentenceIds(chunk, analyzer, aliases, lexical, memo);
        var terms = new List<string>();
        var text = chunk.Text;
        memo.AnalyzeInto(text, 0, text.Length, analyzer, lexical, terms, null);
        var ids = new List<int>(terms.Count);
        List<(int, string)>? missing = null;
        foreach (var term in terms)
        {
            if (!lexical.TryGetTermId(term, out var id))
            {
                (missing ??= []).Add((ids.Count, term));
            }

            ids.Add(id);
        }

        return new Analysed(sentences, missing is null ? SortedDistinct(ids) : [.. ids], missing);
    }

    /// <summary>
    /// Each sentence's analysed terms (alias-group terms included) as sorted distinct ids of the index vocabulary: the
    /// ids of <c>aliases.Annotate(analyzer.Terms(sentence))</c>, words looked up in <paramref name="memo"/>.
    /// </summary>
    internal static int[][] SentenceIds(Chunk chunk, TermAnalyzer analyzer, AliasTable aliases, Bm25Index lexical, WordTermMemo memo)
    {
        var result = new int[chunk.Sentences.Count][];
        var text = chunk.Text;
        var terms = new List<string>();
        var ids = new List<int>();
        for (var s = 0; s < result.Length; s++)
        {
            var sentence = chunk.Sentences[s];
            var start = Math.Clamp(sentence.Start - chunk.Start, 0, text.Length);
            var end = Math.Clamp(sentence.End - chunk.Start, start, text.Length);
            terms.Clear();
            ids.Clear();
            memo.AnalyzeInto(text, start, end, analyzer, lexical, terms, ids);

            if (aliases.Count > 0)
            {
                foreach (var match in aliases.FindMatches(terms))
                {
                    if (lexical.TryGetTermId(AliasTable.GroupTerm(match.Group), out var id))
                    {
                        ids.Add(id);
                    }
                }
            }

            result[s] = SortedDistinct(ids);
        }

        return result;
    }

    private static int[] SortedDistinct(List<int> ids)
    {
        ids.Sort();
        var distinct = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            if (distinct == 0 || ids[i] != ids[distinct - 1])
            {
                ids[distinct++] = ids[i];
            }
        }

        return [.. ids.GetRange(0, distinct)];
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var read = reader.Read(bytes);
            if (read == 0)
            {
                throw new EndOfStreamException("Truncated sentence terms.");
            }

            bytes = bytes[read..];
        }
    }

    private int ReadVarint(ref int position)
    {
        var value = 0;
        var shift = 0;
        byte b;
        do
        {
            b = this.data[position++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return value;
    }

    // A set was written as its count (read by the caller) and ascending ids: the first as is, the others as the gap.
    private void ReadSet(ref int position, Span<int> ids)
    {
        var previous = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            previous += this.ReadVarint(ref position);
            ids[i] = previous;
        }
    }

    // A growable byte buffer for the encoded sets.
    private sealed class Encoder(int capacity)
    {
        private byte[] buffer = new byte[Math.Max(capacity, 16)];

        public int Length { get; private set; }

        public void WriteSet(int[] ascending)
        {
            this.WriteVarint(ascending.Length);
            var previous = 0;
            foreach (var id in ascending)
            {
                this.WriteVarint(id - previous);
                previous = id;
            }
        }

        public void WriteVarint(int value)
        {
            if (this.buffer.Length - this.Length < 5)
            {
                Array.Resize(ref this.buffer, checked(this.buffer.Length * 2));
            }

            var v = (uint)value;
            while (v >= 0x80)
            {
                this.buffer[this.Length++] = (byte)(v | 0x80);
                v >>= 7;
            }

            this.buffer[this.Length++] = (byte)v;
        }

        public byte[] ToArray() => this.buffer.AsSpan(0, this.Length).ToArray();
    }

    private readonly record struct Analysed(int[][] Sentences, int[] Ids, List<(int Position, string Term)>? Missing);
}
