namespace AskBot.Core.Corpus;

/// <summary>One article found in a corpus file. A file may hold several; metadata is null where the text does not give it.</summary>
/// <param name="DocId">Document id of the file holding the article.</param>
/// <param name="Ordinal">0-based position of the article in its file.</param>
/// <param name="Title">Headline, when the text gives one.</param>
/// <param name="Byline">Author and/or outlet line(s), e.g. "Frank Gardner - BBC security correspondent" or "Fred Kaplan, SLATE".</param>
/// <param name="Date">Date line as written, e.g. "Mon, March 25, 2024".</param>
/// <param name="Span">Offsets of the whole article in the file, header lines included.</param>
/// <param name="Blocks">Kept content blocks in file order; header lines and boilerplate are not among them.</param>
internal sealed record Article(
    string DocId,
    int Ordinal,
    string? Title,
    string? Byline,
    string? Date,
    TextSpan Span,
    IReadOnlyList<TextBlock> Blocks);
