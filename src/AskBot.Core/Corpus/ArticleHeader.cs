namespace AskBot.Core.Corpus;

/// <summary>A header group found in a document: its line range (indexes into the document's non-blank lines) and metadata.</summary>
/// <param name="FirstLine">Index of the first header line.</param>
/// <param name="LastLine">Index of the last header line (the date line, or the title line of a header-less file).</param>
/// <param name="Title">Headline, if the header has one.</param>
/// <param name="Byline">Author and/or outlet, if the header has them.</param>
/// <param name="Date">Date line as written, if any.</param>
/// <param name="BylineHasOutlet">Whether the byline already names an outlet, so a copyright line must not be appended.</param>
internal sealed record ArticleHeader(int FirstLine, int LastLine, string? Title, string? Byline, string? Date, bool BylineHasOutlet);
