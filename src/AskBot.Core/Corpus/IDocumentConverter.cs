namespace AskBot.Core.Corpus;

/// <summary>
/// Turns a corpus file of another format than plain text (a web page, Markdown, a PDF) into the text AskBot indexes and
/// quotes. Adapters implement it (src/AskBot.Documents); the corpus reader uses the converter registered for a file's
/// extension, so converted text goes through the same article splitting, cleaning and chunking as a <c>.txt</c> file.
/// </summary>
public interface IDocumentConverter
{
    /// <summary>Lower-case extensions with the dot (<c>.html</c>) of the files this converter reads.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Names the converter and its version; part of the index cache key, so a changed extraction rebuilds.</summary>
    string Fingerprint { get; }

    /// <summary>Extracts the text of <paramref name="content"/> (the whole file).</summary>
    /// <exception cref="DocumentConversionException">The file cannot be read as this format.</exception>
    Task<ConvertedDocument> ConvertAsync(Stream content, string fileName, CancellationToken cancellationToken = default);
}

/// <summary>The text of a converted file.</summary>
/// <param name="Text">
/// The text to index and quote: the title, byline and date first, one per line, when the file gives them, then the body
/// with a blank line between paragraphs.
/// </param>
/// <param name="Pages">Where each page starts in <paramref name="Text"/>, in order (empty for formats without pages).</param>
public sealed record ConvertedDocument(string Text, IReadOnlyList<DocumentPage> Pages);

/// <summary>A page of a paged document.</summary>
/// <param name="Number">The page number, from 1.</param>
/// <param name="Start">UTF-16 offset in the converted text where the page's text begins.</param>
public sealed record DocumentPage(int Number, int Start);

/// <summary>A corpus file could not be converted; the message is one line saying why.</summary>
public sealed class DocumentConversionException : Exception
{
    public DocumentConversionException()
    {
    }

    public DocumentConversionException(string message)
        : base(message)
    {
    }

    public DocumentConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
