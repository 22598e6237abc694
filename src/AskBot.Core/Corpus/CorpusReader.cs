using System.Globalization;
using System.Text;
using AskBot.Core.Configuration;

namespace AskBot.Core.Corpus;

/// <summary>
/// Reads every file of a corpus folder in one of the <see cref="CorpusFormats"/>: <c>*.txt</c> as strict UTF-8, other
/// formats through their <see cref="IDocumentConverter"/>. A bad file (empty, binary, not UTF-8, unreadable, not
/// convertible) is skipped with a warning so one broken download never stops indexing of the rest.
/// </summary>
internal sealed class CorpusReader
{
    private const int BinarySniffBytes = 8192;
    private const double MaxControlByteRatio = 0.1;

    private readonly UTF8Encoding strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly CorpusFormats formats;

    public CorpusReader(CorpusFormats? formats = null) => this.formats = formats ?? CorpusFormats.TextOnly;

    /// <summary>The formats this reader reads.</summary>
    public CorpusFormats Formats => this.formats;

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

        var files = Directory.EnumerateFiles(fullPath, "*", SearchOption.TopDirectoryOnly)
            .Where(this.formats.Accepts)
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

            var converter = this.formats.ConverterFor(file);
            if (converter is null)
            {
                var (text, reason) = this.Decode(bytes);
                if (text is null)
                {
                    warnings.Add(new CorpusFileWarning(fileName, reason!));
                    continue;
                }

                documents.Add(new SourceDocument(Path.GetFileNameWithoutExtension(file), file, text));
                continue;
            }

            var converted = await ConvertAsync(converter, bytes, fileName, cancellationToken).ConfigureAwait(false);
            if (converted.Document is null)
            {
                warnings.Add(new CorpusFileWarning(fileName, converted.Reason!));
                continue;
            }

            // The extension stays in the id: "report.pdf" and "report.html" are two documents.
            documents.Add(new SourceDocument(fileName, file, converted.Document.Text) { Pages = converted.Document.Pages });
        }

        return new CorpusReadResult(documents, warnings);
    }

    private static async Task<(ConvertedDocument? Document, string? Reason)> ConvertAsync(
        IDocumentConverter converter, byte[] bytes, string fileName, CancellationToken cancellationToken)
    {
        if (bytes.Length == 0)
        {
            return (null, "empty file");
        }

        ConvertedDocument converted;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            converted = await converter.ConvertAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentConversionException ex)
        {
            return (null, ex.Message.ReplaceLineEndings(" "));
        }

        return string.IsNullOrWhiteSpace(converted.Text) ? (null, "no text found in the file") : (converted, null);
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
