using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;

namespace AskBot.Core.Indexing;

/// <summary>
/// Compact binary cache format: magic, format version, content hash, SHA-256 of the payload, payload length, payload
/// (dense vectors, statistics, warnings, document ids, chunks, aliases, BM25 postings, sparse vectors, per-chunk sentence
/// term ids, sentences, embedder state). The dense vectors come first so that a rebuild for a changed corpus can take
/// the unchanged texts' vectors from the old cache without parsing the rest (<see cref="TryReadEmbeddingsAsync"/>).
/// The payload checksum and length turn any torn, truncated or flipped byte into <see cref="InvalidDataException"/>.
/// Both directions stream: the writer hashes while it writes and patches the checksum and length into the header
/// afterwards; the reader verifies the checksum in one buffered pass and parses in a second one. Neither holds the
/// file in one array, so the cache works at any size (a <c>byte[]</c> or <c>MemoryStream</c> stops at 2 GB, reached
/// at about 500k chunks) and a load allocates only the parsed index.
/// </summary>
internal static class CorpusIndexSerializer
{
    // Large enough that the many small reads of the parse pass rarely reach the file system, small enough not to
    // matter next to the index; the checksum pass uses a buffer of the same size.
    private const int ReadBufferSize = 1 << 20;

    private const int ChecksumLength = 32;

    private static readonly byte[] Magic = "ASKBOTIX"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the cache to <paramref name="destination"/>, which must be seekable (the header is patched last).</summary>
    public static async Task WriteAsync(
        Stream destination,
        CorpusIndex index,
        int formatVersion,
        IEmbeddingGeneratorFactory generatorFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanSeek)
        {
            throw new ArgumentException("The cache is written to a seekable stream.", nameof(destination));
        }

        long checksumPosition;
        using (var header = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(Magic);
            header.Write(formatVersion);
            header.Write(index.ContentHash);
            header.Flush();
            checksumPosition = destination.Position;

            // Placeholders: an interrupted write leaves a zero checksum and length, which no reader accepts.
            header.Write(new byte[ChecksumLength]);
            header.Write(0L);
        }

        // The embedder state is small (a few MB) and its size must precede it, so it is serialised up front.
        using var model = new MemoryStream();
        await generatorFactory.SaveAsync(index.Generator, model, cancellationToken).ConfigureAwait(false);

        long length;
        byte[] checksum;
        using (var payload = new HashingWriteStream(destination))
        {
            using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
            {
                index.Embeddings.Write(writer);
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

                    // A converted file's text is not its bytes: it is stored, so a load never runs the converter again.
                    writer.Write(document.IsConverted);
                    if (document.IsConverted)
                    {
                        writer.Write(document.Text);
                        writer.Write(document.Pages.Count);
                        foreach (var page in document.Pages)
                        {
                            writer.Write(page.Number);
                            writer.Write(page.Start);
                        }
                    }
                }

                writer.Write(index.Chunks.Count);
                foreach (var chunk in index.Chunks)
                {
                    WriteChunk(writer, chunk);
                }

                cancellationToken.ThrowIfCancellationRequested();
                index.Aliases.Write(writer);
                index.Lexical.Write(writer);
                cancellationToken.ThrowIfCancellationRequested();
                index.Vectors.Write(writer);
                index.SentenceTerms.Write(writer);
                index.Sentences.Write(writer);

                writer.Write(checked((int)model.Length));
                writer.Write(model.GetBuffer(), 0, (int)model.Length);
            }

            (length, checksum) = payload.Complete();
        }

        var end = destination.Position;
        destination.Position = checksumPosition;
        using (var header = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(checksum);
            header.Write(length);
        }

        destination.Position = end;
    }

    /// <summary>
    /// Reads the cache at <paramref name="path"/>. Returns a null index and the reason when the cache belongs to another
    /// corpus, settings or format (it is then rebuilt).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a cache file, or the payload is damaged, truncated or inconsistent.</exception>
    public static async Task<(CorpusIndex? Index, string? StaleReason)> ReadAsync(
        string path,
        int formatVersion,
        string contentHash,
        IReadOnlyList<CorpusFile> files,
        IEmbeddingGeneratorFactory generatorFactory,
        CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var staleReason = CheckHeader(reader, formatVersion, contentHash);
        if (staleReason is not null)
        {
            return (null, staleReason);
        }

        var expectedChecksum = reader.ReadBytes(ChecksumLength);
        var length = reader.ReadInt64();
        var payloadStart = stream.Position;
        if (expectedChecksum.Length != ChecksumLength || length <= 0 || length != stream.Length - payloadStart)
        {
            throw new InvalidDataException("Index cache is truncated or has a damaged header.");
        }

        // Parsing trusts counts and offsets enough to allocate by them, so nothing is parsed before the whole payload
        // is known to be the one that was written.
        VerifyChecksum(stream, length, expectedChecksum, cancellationToken);
        stream.Position = payloadStart;
        var index = await ReadPayloadAsync(reader, stream, contentHash, files, generatorFactory, cancellationToken).ConfigureAwait(false);
        if (stream.Position != stream.Length)
        {
            index.Generator.Dispose();
            throw new InvalidDataException("Index cache has bytes after the payload.");
        }

        return (index, null);
    }

    /// <summary>
    /// The dense vectors of the cache at <paramref name="path"/> whatever corpus it was built for, or null when there is
    /// none, it has another format, or it is damaged: a rebuild reuses the vectors of texts that did not change.
    /// </summary>
    public static Task<EmbeddingStore?> TryReadEmbeddingsAsync(string path, int formatVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != formatVersion)
            {
                return Task.FromResult<EmbeddingStore?>(null);
            }

            reader.ReadString();
            var expectedChecksum = reader.ReadBytes(ChecksumLength);
            var length = reader.ReadInt64();
            var payloadStart = stream.Position;
            if (expectedChecksum.Length != ChecksumLength || length <= 0 || length != stream.Length - payloadStart)
            {
                return Task.FromResult<EmbeddingStore?>(null);
            }

            VerifyChecksum(stream, length, expectedChecksum, cancellationToken);
            stream.Position = payloadStart;
            return Task.FromResult<EmbeddingStore?>(EmbeddingStore.Read(reader));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or EndOfStreamException or ArgumentException)
        {
            return Task.FromResult<EmbeddingStore?>(null);
        }
    }

    /// <summary>Reads the header; null reason means the cache is for this corpus and format.</summary>
    /// <exception cref="InvalidDataException">Not a cache file.</exception>
    private static string? CheckHeader(BinaryReader reader, int formatVersion, string contentHash)
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

    private static void VerifyChecksum(Stream stream, long length, byte[] expected, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new InvalidDataException("Index cache is truncated.");
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(expected))
        {
            throw new InvalidDataException("Index cache checksum mismatch.");
        }
    }

    private static async Task<CorpusIndex> ReadPayloadAsync(
        BinaryReader reader,
        FileStream cacheFile,
        string contentHash,
        IReadOnlyList<CorpusFile> files,
        IEmbeddingGeneratorFactory generatorFactory,
        CancellationToken cancellationToken)
    {
        // The vectors are the bulk of a large index; mapped, a process holds only the pages its searches touch.
        var embeddings = EmbeddingStore.Read(reader, mapFrom: cacheFile);
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

            if (!reader.ReadBoolean())
            {
                documents[i] = new SourceDocument(docId, file.FullPath, Decode(file.Bytes));
                continue;
            }

            var text = reader.ReadString();
            var pages = new DocumentPage[ReadCount(reader)];
            for (var p = 0; p < pages.Length; p++)
            {
                pages[p] = new DocumentPage(reader.ReadInt32(), reader.ReadInt32());
            }

            documents[i] = new SourceDocument(docId, file.FullPath, text) { Pages = pages };
        }

        var byId = documents.ToDictionary(d => d.DocId, StringComparer.Ordinal);
        var chunks = new Chunk[ReadCount(reader)];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = ReadChunk(reader, byId, i == 0 ? null : chunks[i - 1]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var aliases = AliasTable.Read(reader);
        var lexical = Bm25Index.Read(reader);
        cancellationToken.ThrowIfCancellationRequested();
        var vectors = VectorIndex.Read(reader);
        var sentenceTerms = SentenceTermCache.Read(reader, chunks.Length);
        var sentences = SentenceIndex.Read(reader, documents, chunks.Length);
        var modelLength = ReadCount(reader);
        var model = reader.ReadBytes(modelLength);
        if (model.Length != modelLength)
        {
            throw new InvalidDataException("Truncated embedder state.");
        }

        var generator = await generatorFactory.LoadAsync(new MemoryStream(model, writable: false), cancellationToken).ConfigureAwait(false);
        try
        {
            return new CorpusIndex(contentHash, chunks, documents, lexical, vectors, embeddings, sentences, aliases, sentenceTerms, generator, statistics, warnings);
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

    // The text is not stored: it is the document slice, which also proves the cache matches the files. The chunks of
    // an article are consecutive and share its id, title, byline and date, so those strings are taken from the
    // document and the previous chunk instead of being kept once per chunk.
    private static Chunk ReadChunk(BinaryReader reader, Dictionary<string, SourceDocument> documents, Chunk? previous)
    {
        var chunkId = reader.ReadString();
        var docId = reader.ReadString();
        var ordinal = reader.ReadInt32();
        var title = Reuse(ReadNullable(reader), previous?.Title);
        var byline = Reuse(ReadNullable(reader), previous?.Byline);
        var date = Reuse(ReadNullable(reader), previous?.Date);
        var start = reader.ReadInt32();
        var end = reader.ReadInt32();
        if (!documents.TryGetValue(docId, out var document) || start < 0 || end < start || end > document.Text.Length)
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

        return Chunk.Slice(chunkId, document, ordinal, title, byline, date, start, end, sentences, kind);
    }

    private static string? Reuse(string? value, string? previous) => string.Equals(value, previous, StringComparison.Ordinal) ? previous : value;

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
