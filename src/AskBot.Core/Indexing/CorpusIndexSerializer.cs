using System.Security.Cryptography;
using System.Text;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;

namespace AskBot.Core.Indexing;

/// <summary>
/// Compact binary cache format: magic, format version, content hash, SHA-256 of the payload, payload
/// (statistics, warnings, document ids, chunks, aliases, BM25 postings, sparse vectors, embedder state).
/// The payload checksum turns any torn or flipped byte into <see cref="InvalidDataException"/>.
/// </summary>
internal static class CorpusIndexSerializer
{
    private static readonly byte[] Magic = "ASKBOTIX"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task WriteAsync(
        Stream destination,
        CorpusIndex index,
        int formatVersion,
        IEmbeddingGeneratorFactory generatorFactory,
        CancellationToken cancellationToken)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            var s = index.Statistics;
            writer.Write(s.Files);
            writer.Write(s.FilesSkipped);
            writer.Write(s.Articles);
            writer.Write(s.Chunks);
            writer.Write(s.DuplicatesDropped);
            writer.Write(s.BoilerplateLinesDropped);

            writer.Write(index.Warnings.Count);
            foreach (var warning in index.Warnings)
            {
                writer.Write(warning);
            }

            writer.Write(index.Documents.Count);
            foreach (var document in index.Documents)
            {
                writer.Write(document.DocId);
                writer.Write(Path.GetFileName(document.FilePath));
            }

            writer.Write(index.Chunks.Count);
            foreach (var chunk in index.Chunks)
            {
                WriteChunk(writer, chunk);
            }

            index.Aliases.Write(writer);
            index.Lexical.Write(writer);
            index.Vectors.Write(writer);

            using var model = new MemoryStream();
            await generatorFactory.SaveAsync(index.Generator, model, cancellationToken).ConfigureAwait(false);
            writer.Write(checked((int)model.Length));
            writer.Write(model.GetBuffer(), 0, (int)model.Length);
        }

        using (var header = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(Magic);
            header.Write(formatVersion);
            header.Write(index.ContentHash);
            header.Write(SHA256.HashData(payload.GetBuffer().AsSpan(0, (int)payload.Length)));
            header.Write(payload.Length);
        }

        payload.Position = 0;
        await payload.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the header; null reason means the cache is for this corpus and format.</summary>
    /// <exception cref="InvalidDataException">Not a cache file.</exception>
    public static string? CheckHeader(BinaryReader reader, int formatVersion, string contentHash)
    {
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an AskBot index cache file.");
        }

        var version = reader.ReadInt32();
        if (version != formatVersion)
        {
            return $"format version {version} differs from {formatVersion}";
        }

        var hash = reader.ReadString();
        return string.Equals(hash, contentHash, StringComparison.Ordinal) ? null : "corpus or settings changed";
    }

    /// <summary>Reads the payload after <see cref="CheckHeader"/> accepted the header.</summary>
    /// <exception cref="InvalidDataException">The payload is damaged or inconsistent.</exception>
    public static async Task<CorpusIndex> ReadPayloadAsync(
        BinaryReader headerReader,
        string contentHash,
        IReadOnlyList<CorpusFile> files,
        IEmbeddingGeneratorFactory generatorFactory,
        CancellationToken cancellationToken)
    {
        var expectedChecksum = headerReader.ReadBytes(32);
        var length = headerReader.ReadInt64();
        if (length < 0 || length > int.MaxValue)
        {
            throw new InvalidDataException("Invalid payload length.");
        }

        // The cache is read into memory whole; reading the payload out of that buffer without a second copy halves the
        // bytes a load allocates (hundreds of MB at 100k chunks).
        ArraySegment<byte> payload;
        if (headerReader.BaseStream is MemoryStream memory && memory.TryGetBuffer(out var buffer)
            && memory.Position + length <= memory.Length)
        {
            payload = buffer.Slice((int)memory.Position, (int)length);
            memory.Position += length;
        }
        else
        {
            payload = headerReader.ReadBytes((int)length);
        }

        if (payload.Count != length || !SHA256.HashData(payload).AsSpan().SequenceEqual(expectedChecksum))
        {
            throw new InvalidDataException("Index cache checksum mismatch.");
        }

        using var reader = new BinaryReader(new MemoryStream(payload.Array!, payload.Offset, payload.Count, writable: false), Encoding.UTF8);
        var statistics = new IngestionStatistics(
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var warnings = new string[ReadCount(reader)];
        for (var i = 0; i < warnings.Length; i++)
        {
            warnings[i] = reader.ReadString();
        }

        var byName = files.ToDictionary(f => f.FileName, StringComparer.Ordinal);
        var documents = new SourceDocument[ReadCount(reader)];
        for (var i = 0; i < documents.Length; i++)
        {
            var docId = reader.ReadString();
            var fileName = reader.ReadString();
            if (!byName.TryGetValue(fileName, out var file))
            {
                throw new InvalidDataException($"Cached document {fileName} is not in the corpus.");
            }

            documents[i] = new SourceDocument(docId, file.FullPath, Decode(file.Bytes));
        }

        var texts = documents.ToDictionary(d => d.DocId, d => d.Text, StringComparer.Ordinal);
        var chunks = new Chunk[ReadCount(reader)];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = ReadChunk(reader, texts);
        }

        var aliases = AliasTable.Read(reader);
        var lexical = Bm25Index.Read(reader);
        var vectors = VectorIndex.Read(reader);
        var modelLength = ReadCount(reader);
        var model = reader.ReadBytes(modelLength);
        if (model.Length != modelLength)
        {
            throw new InvalidDataException("Truncated embedder state.");
        }

        var generator = await generatorFactory.LoadAsync(new MemoryStream(model, writable: false), cancellationToken).ConfigureAwait(false);
        try
        {
            return new CorpusIndex(contentHash, chunks, documents, lexical, vectors, aliases, generator, statistics, warnings);
        }
        catch (ArgumentException ex)
        {
            generator.Dispose();
            throw new InvalidDataException("Index cache parts disagree.", ex);
        }
    }

    // Same decoding as ingestion (BOM dropped, strict UTF-8) so cached offsets stay valid.
    private static string Decode(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException("Cached document is no longer valid UTF-8.", ex);
        }
    }

    private static void WriteChunk(BinaryWriter writer, Chunk chunk)
    {
        writer.Write(chunk.ChunkId);
        writer.Write(chunk.DocId);
        writer.Write(chunk.ArticleOrdinal);
        WriteNullable(writer, chunk.Title);
        WriteNullable(writer, chunk.Byline);
        WriteNullable(writer, chunk.Date);
        writer.Write(chunk.Start);
        writer.Write(chunk.End);
        writer.Write(chunk.Sentences.Count);
        foreach (var sentence in chunk.Sentences)
        {
            writer.Write(sentence.Start);
            writer.Write(sentence.End);
        }

        writer.Write((int)chunk.Kind);
    }

    // The text is not stored: it is the document slice, which also proves the cache matches the files.
    private static Chunk ReadChunk(BinaryReader reader, Dictionary<string, string> texts)
    {
        var chunkId = reader.ReadString();
        var docId = reader.ReadString();
        var ordinal = reader.ReadInt32();
        var title = ReadNullable(reader);
        var byline = ReadNullable(reader);
        var date = ReadNullable(reader);
        var start = reader.ReadInt32();
        var end = reader.ReadInt32();
        if (!texts.TryGetValue(docId, out var text) || start < 0 || end < start || end > text.Length)
        {
            throw new InvalidDataException($"Cached chunk {chunkId} does not fit its document.");
        }

        var sentences = new TextSpan[ReadCount(reader)];
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = new TextSpan(reader.ReadInt32(), reader.ReadInt32());
        }

        var kind = (BlockKind)reader.ReadInt32();
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidDataException($"Cached chunk {chunkId} has an unknown kind.");
        }

        return new Chunk(chunkId, docId, ordinal, title, byline, date, text[start..end], start, end, sentences, kind);
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 100_000_000)
        {
            throw new InvalidDataException("Invalid count in index cache.");
        }

        return count;
    }
}
