namespace AskBot.Core.Corpus;

/// <summary>One corpus file, read as UTF-8. All offsets in AskBot are UTF-16 indexes into <see cref="Text"/>.</summary>
/// <param name="DocId">
/// The file name without extension for a <c>.txt</c> file (e.g. <c>001_faa7436319fd51a6</c>); the whole file name for a
/// converted one (<c>report.pdf</c>).
/// </param>
/// <param name="FilePath">Full path of the file the text was read from.</param>
/// <param name="Text">
/// The whole file as a .NET string, exactly as decoded (no normalisation); for a converted file, the text its
/// <see cref="IDocumentConverter"/> extracted.
/// </param>
public sealed record SourceDocument(string DocId, string FilePath, string Text)
{
    /// <summary>Where each page starts in <see cref="Text"/> (empty unless the file has pages, as a PDF has).</summary>
    public IReadOnlyList<DocumentPage> Pages { get; init; } = [];

    /// <summary>The file's format as reports show it (<c>txt</c>, <c>html</c>, <c>pdf</c>).</summary>
    public string Format => CorpusFormats.NameOf(this.FilePath);

    /// <summary>True when the text was extracted by a converter rather than read as the file's own bytes.</summary>
    public bool IsConverted => !string.Equals(Path.GetExtension(this.FilePath), CorpusFormats.PlainText, StringComparison.OrdinalIgnoreCase);

    /// <summary>The page holding <paramref name="offset"/>, or null for a document without pages.</summary>
    public int? PageAt(int offset)
    {
        int? page = null;
        foreach (var candidate in this.Pages)
        {
            if (candidate.Start > offset)
            {
                break;
            }

            page = candidate.Number;
        }

        return page;
    }
}
