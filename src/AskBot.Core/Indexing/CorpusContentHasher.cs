using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;

namespace AskBot.Core.Indexing;

/// <summary>
/// Computes the index cache key: SHA-256 over the index format version, the sorted corpus file names and
/// bytes, and every setting that changes chunks or vectors.
/// </summary>
internal static class CorpusContentHasher
{
    /// <summary>Reads the corpus files of every format read (ordinal order by name) and hashes them with the settings.</summary>
    /// <exception cref="CorpusNotFoundException">The folder does not exist.</exception>
    public static async Task<(string Hash, IReadOnlyList<CorpusFile> Files)> ComputeAsync(
        string corpusPath,
        int formatVersion,
        ChunkingOptions chunking,
        string embeddingFingerprint,
        CorpusFormats formats,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(formats);
        var fullPath = Path.GetFullPath(corpusPath);
        if (!Directory.Exists(fullPath))
        {
            throw new CorpusNotFoundException(
                $"Corpus folder not found: {fullPath} (setting {CorpusOptions.SectionName}:{nameof(CorpusOptions.Path)})");
        }

        var paths = Directory.EnumerateFiles(fullPath, "*", SearchOption.TopDirectoryOnly)
            .Where(formats.Accepts)
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, string.Create(CultureInfo.InvariantCulture, $"askbot-index;format={formatVersion}"));
        AppendString(hash, string.Create(
            CultureInfo.InvariantCulture,
            $"chunking;maxChars={chunking.MaxChars};overlap={chunking.OverlapSentences};nearDup={chunking.NearDuplicateThreshold:R}"));
        AppendString(hash, "embeddings;" + embeddingFingerprint);
        AppendString(hash, "formats;" + formats.Fingerprint);

        var files = new List<CorpusFile>(paths.Count);
        foreach (var path in paths)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Ingestion skips unreadable files with a warning; the hash records that the file was unreadable.
                bytes = [];
            }

            var name = Path.GetFileName(path);
            AppendString(hash, name);
            AppendLength(hash, bytes.Length);
            hash.AppendData(bytes);
            files.Add(new CorpusFile(name, path, bytes));
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), files);
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AppendLength(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> buffer = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
        hash.AppendData(buffer);
    }
}
