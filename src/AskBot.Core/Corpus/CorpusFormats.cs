using System.Globalization;

namespace AskBot.Core.Corpus;

/// <summary>
/// The file formats the corpus is read from: plain text, plus those of the registered <see cref="IDocumentConverter"/>s.
/// The reader, the cache key and the corpus watcher all take the same set from here.
/// </summary>
public sealed class CorpusFormats
{
    /// <summary>The extension read without a converter.</summary>
    public const string PlainText = ".txt";

    private readonly Dictionary<string, IDocumentConverter> converters = new(StringComparer.OrdinalIgnoreCase);

    public CorpusFormats(IEnumerable<IDocumentConverter> converters)
    {
        ArgumentNullException.ThrowIfNull(converters);
        var list = converters.ToList();
        foreach (var converter in list)
        {
            foreach (var extension in converter.Extensions)
            {
                if (string.Equals(extension, PlainText, StringComparison.OrdinalIgnoreCase) || !this.converters.TryAdd(extension, converter))
                {
                    throw new InvalidOperationException(
                        string.Create(CultureInfo.InvariantCulture, $"Two readers are registered for {extension} files."));
                }
            }
        }

        this.Extensions = [PlainText, .. this.converters.Keys.Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal)];
        this.Fingerprint = string.Join(';', list.Select(c => c.Fingerprint).Order(StringComparer.Ordinal).Prepend("txt"));
    }

    /// <summary>Plain text only (no converters registered).</summary>
    public static CorpusFormats TextOnly { get; } = new([]);

    /// <summary>Lower-case extensions (with the dot) of the files the corpus is read from, <c>.txt</c> first.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Names the readers and their versions, for the index cache key.</summary>
    public string Fingerprint { get; }

    /// <summary>True when a file with this path's extension is part of the corpus.</summary>
    public bool Accepts(string path) => this.Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The converter for this path's extension, or null for plain text (and for files not read at all).</summary>
    public IDocumentConverter? ConverterFor(string path) => this.converters.GetValueOrDefault(Path.GetExtension(path));

    /// <summary>The format's name as reports show it: the extension without its dot (<c>txt</c>, <c>pdf</c>).</summary>
    public static string NameOf(string path) => Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
}
