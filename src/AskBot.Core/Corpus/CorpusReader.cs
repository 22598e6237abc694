using System.Globalization;
using System.Text;
using AskBot.Core.Configuration;

namespace AskBot.Core.Corpus;

/// <summary>
/// Reads every <c>*.txt</c> file of a corpus folder as strict UTF-8. A bad file (empty, binary, not UTF-8, unreadable)
/// is skipped with a warning so one broken download never stops indexing of the rest.
/// </summary>
internal sealed class CorpusReader
{
    private const int BinarySniffBytes = 8192;
    private const double MaxControlByteRatio = 0.1;

    /// <summary>Extensions of the files the reader reads (top folder only); the corpus watcher watches the same files.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".txt"];

    private readonly UTF8Encoding strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the folder's <c>*.txt</c> files, ordinal-sorted by file name.</summary>
    /// <exception cref="CorpusNotFoundException">The folder does not exist.</exception>
    public async Task<CorpusReadResult> ReadAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var fullPath = Path.GetFullPath(folder);
        if (!Directory.Exists(fullPath))
        {
            throw new CorpusNotFoundException(
                $"Corpus folder not found: {fullPath} (setting {CorpusOptions.SectionName}:{nameof(CorpusOptions.Path)})");
        }

        // The pattern alone would also match e.g. ".txt~" style names on some platforms, so the extension is re-checked.
        var files = Directory.EnumerateFiles(fullPath, "*.txt", SearchOption.TopDirectoryOnly)
            .Where(f => string.Equals(Path.GetExtension(f), ".txt", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();

        var documents = new List<SourceDocument>();
        var warnings = new List<CorpusFileWarning>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fileName = Path.GetFileName(file);
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add(new CorpusFileWarning(fileName, $"unreadable ({ex.GetType().Name})"));
                continue;
            }

            var (text, reason) = this.Decode(bytes);
            if (text is null)
            {
                warnings.Add(new CorpusFileWarning(fileName, reason!));
                continue;
            }

            documents.Add(new SourceDocument(Path.GetFileNameWithoutExtension(file), file, text));
        }

        return new CorpusReadResult(documents, warnings);
    }

    private (string? Text, string? Reason) Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, "empty file");
        }

        if (LooksBinary(bytes))
        {
            return (null, "binary file (NUL or control bytes)");
        }

        // File.ReadAllText drops a UTF-8 byte-order mark; doing the same keeps offsets identical to it.
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        string text;
        try
        {
            text = this.strictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? string.Create(CultureInfo.InvariantCulture, $" at offset {start + ex.Index}") : string.Empty;
            return (null, $"not valid UTF-8 (invalid byte{offset})");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "empty file (whitespace only)");
        }

        return (text, null);
    }

    private static bool LooksBinary(byte[] bytes)
    {
        var length = Math.Min(bytes.Length, BinarySniffBytes);
        var control = 0;
        for (var i = 0; i < length; i++)
        {
            var b = bytes[i];
            if (b == 0)
            {
                return true;
            }

            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C and not 0x0B) || b == 0x7F)
            {
                control++;
            }
        }

        return control > length * MaxControlByteRatio;
    }
}
