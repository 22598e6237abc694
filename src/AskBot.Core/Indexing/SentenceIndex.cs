using System.Runtime.InteropServices;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;

namespace AskBot.Core.Indexing;

/// <summary>
/// The distinct sentences of the indexed chunks (overlapping chunks share sentences), what the offline reader picks
/// answers from. Sentence <c>s</c> is the span [Start(s), End(s)) of document <c>Document(s)</c>; its neighbours are the
/// sentences before and after it in the same article, so a sentence can be read with its context. Immutable.
/// </summary>
public sealed class SentenceIndex
{
    private readonly int[] documents;
    private readonly int[] starts;
    private readonly int[] ends;
    private readonly int[] previous;
    private readonly int[] next;
    private readonly int[] chunkStarts;
    private readonly int[] chunkSentences;
    private readonly int[] firstChunks;

    private SentenceIndex(int[] documents, int[] starts, int[] ends, int[] previous, int[] next, int[] chunkStarts, int[] chunkSentences)
    {
        this.firstChunks = new int[starts.Length];
        Array.Fill(this.firstChunks, -1);
        for (var c = chunkStarts.Length - 2; c >= 0; c--)
        {
            for (var i = chunkStarts[c]; i < chunkStarts[c + 1]; i++)
            {
                this.firstChunks[chunkSentences[i]] = c;
            }
        }

        this.documents = documents;
        this.starts = starts;
        this.ends = ends;
        this.previous = previous;
        this.next = next;
        this.chunkStarts = chunkStarts;
        this.chunkSentences = chunkSentences;
    }

    /// <summary>Number of distinct sentences.</summary>
    public int Count => this.starts.Length;

    /// <summary>Number of chunks covered.</summary>
    public int ChunkCount => this.chunkStarts.Length - 1;

    /// <summary>Collects the sentences of <paramref name="chunks"/>; <paramref name="documents"/> gives each chunk's document ordinal.</summary>
    public static SentenceIndex Build(IReadOnlyList<Chunk> chunks, IReadOnlyList<SourceDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(documents);
        var documentOrdinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var d = 0; d < documents.Count; d++)
        {
            documentOrdinals[documents[d].DocId] = d;
        }

        var ids = new Dictionary<(int Document, int Start, int End), int>();
        var docs = new List<int>();
        var starts = new List<int>();
        var ends = new List<int>();
        var previous = new List<int>();
        var next = new List<int>();
        var chunkStarts = new int[chunks.Count + 1];
        var chunkSentences = new List<int>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var document = documentOrdinals[chunk.DocId];
            var last = -1;

            // Overlapping chunks of one article repeat a sentence at their seam, so the sentence before a chunk's first one
            // is found through the chunk before it (the same article, when the near-duplicate filter kept both).
            if (c > 0 && chunks[c - 1].DocId == chunk.DocId && chunks[c - 1].ArticleOrdinal == chunk.ArticleOrdinal && chunk.Sentences.Count > 0)
            {
                var first = chunk.Sentences[0];
                if (!ids.ContainsKey((document, first.Start, first.End)))
                {
                    var before = chunks[c - 1].Sentences;
                    last = before.Count == 0 ? -1 : ids[(document, before[^1].Start, before[^1].End)];
                }
            }

            foreach (var span in chunk.Sentences)
            {
                if (!ids.TryGetValue((document, span.Start, span.End), out var id))
                {
                    id = starts.Count;
                    ids[(document, span.Start, span.End)] = id;
                    docs.Add(document);
                    starts.Add(span.Start);
                    ends.Add(span.End);
                    previous.Add(-1);
                    next.Add(-1);
                }

                if (last >= 0 && last != id && previous[id] < 0 && next[last] < 0)
                {
                    previous[id] = last;
                    next[last] = id;
                }

                chunkSentences.Add(id);
                last = id;
            }

            chunkStarts[c + 1] = chunkSentences.Count;
        }

        return new SentenceIndex([.. docs], [.. starts], [.. ends], [.. previous], [.. next], chunkStarts, [.. chunkSentences]);
    }

    /// <summary>Ordinal (in the index's documents) of the sentence's document.</summary>
    public int Document(int sentence) => this.documents[sentence];

    /// <summary>The sentence's span in its document.</summary>
    public TextSpan Span(int sentence) => new(this.starts[sentence], this.ends[sentence]);

    /// <summary>The sentence before it in its article, or -1.</summary>
    public int Previous(int sentence) => this.previous[sentence];

    /// <summary>The sentence after it in its article, or -1.</summary>
    public int Next(int sentence) => this.next[sentence];

    /// <summary>The first chunk that holds the sentence.</summary>
    public int ChunkOf(int sentence) => this.firstChunks[sentence];

    /// <summary>The sentences of chunk <paramref name="chunk"/>, in order.</summary>
    public ReadOnlySpan<int> OfChunk(int chunk) => this.chunkSentences.AsSpan(this.chunkStarts[chunk], this.chunkStarts[chunk + 1] - this.chunkStarts[chunk]);

    /// <summary>Writes the index as little-endian blocks.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(this.Count);
        writer.Write(this.ChunkCount);
        writer.Write(this.chunkSentences.Length);
        foreach (var array in new[] { this.documents, this.starts, this.ends, this.previous, this.next, this.chunkStarts, this.chunkSentences })
        {
            writer.Write(MemoryMarshal.AsBytes(array.AsSpan()));
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, checking it against the documents and chunk count it must fit.</summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static SentenceIndex Read(BinaryReader reader, IReadOnlyList<SourceDocument> documents, int chunkCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(documents);
        var count = reader.ReadInt32();
        var chunks = reader.ReadInt32();
        var entries = reader.ReadInt32();
        if (count < 0 || chunks != chunkCount || entries < 0 || count > 100_000_000 || entries > 200_000_000)
        {
            throw new InvalidDataException("Sentence index does not match the chunks.");
        }

        var docs = ReadArray(reader, count);
        var starts = ReadArray(reader, count);
        var ends = ReadArray(reader, count);
        var previous = ReadArray(reader, count);
        var next = ReadArray(reader, count);
        var chunkStarts = ReadArray(reader, chunks + 1);
        var chunkSentences = ReadArray(reader, entries);
        for (var s = 0; s < count; s++)
        {
            if ((uint)docs[s] >= (uint)documents.Count || starts[s] < 0 || ends[s] < starts[s] || ends[s] > documents[docs[s]].Text.Length
                || previous[s] < -1 || previous[s] >= count || next[s] < -1 || next[s] >= count)
            {
                throw new InvalidDataException("Sentence index entry out of range.");
            }
        }

        if (chunkStarts[0] != 0 || chunkStarts[^1] != entries)
        {
            throw new InvalidDataException("Invalid sentence index offsets.");
        }

        for (var c = 1; c < chunkStarts.Length; c++)
        {
            if (chunkStarts[c] < chunkStarts[c - 1])
            {
                throw new InvalidDataException("Invalid sentence index offsets.");
            }
        }

        if (chunkSentences.Any(id => (uint)id >= (uint)count))
        {
            throw new InvalidDataException("Sentence index entry out of range.");
        }

        return new SentenceIndex(docs, starts, ends, previous, next, chunkStarts, chunkSentences);
    }

    private static int[] ReadArray(BinaryReader reader, int length)
    {
        var array = new int[length];
        var bytes = MemoryMarshal.AsBytes(array.AsSpan());
        while (!bytes.IsEmpty)
        {
            var read = reader.Read(bytes);
            if (read == 0)
            {
                throw new EndOfStreamException("Truncated sentence index.");
            }

            bytes = bytes[read..];
        }

        return array;
    }
}
