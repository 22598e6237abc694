using AskBot.Core.Corpus;

namespace AskBot.Core.Chunking;

/// <summary>
/// A retrievable passage: consecutive sentences of one article. <see cref="Text"/> is always exactly
/// <c>document.Text[Start..End]</c>, so any sub-span of it is a verbatim quote of the seed file.
/// </summary>
/// <param name="ChunkId">Stable id, <c>{DocId}#{ArticleOrdinal}.{n}</c>.</param>
/// <param name="DocId">Document id of the file.</param>
/// <param name="ArticleOrdinal">Ordinal of the article within the file.</param>
/// <param name="Title">Article headline, if known.</param>
/// <param name="Byline">Author/outlet, if known.</param>
/// <param name="Date">Date as written, if known.</param>
/// <param name="Text">Verbatim text of the chunk.</param>
/// <param name="Start">Start offset in the file.</param>
/// <param name="End">End offset (exclusive) in the file.</param>
/// <param name="Sentences">Absolute offsets of the chunk's sentences, in order, all inside [Start, End).</param>
/// <param name="Kind">Kind of the chunk's first block (captions and social posts are chunked on their own).</param>
public sealed record Chunk(
    string ChunkId,
    string DocId,
    int ArticleOrdinal,
    string? Title,
    string? Byline,
    string? Date,
    string Text,
    int Start,
    int End,
    IReadOnlyList<TextSpan> Sentences,
    BlockKind Kind)
{
    private readonly string? text = Text;

    // Overlapping chunks would otherwise copy most of a corpus's text again (about 1 GB at 600k chunks), so an index's
    // chunks keep their document's text and slice it when asked.
    private readonly string? documentText;

    /// <summary>Verbatim text of the chunk.</summary>
    public string Text
    {
        get => this.text ?? this.documentText!.Substring(this.Start, this.End - this.Start);
        init => this.text = value;
    }

    /// <summary>The chunk's text as a span of its document's (no copy).</summary>
    public ReadOnlySpan<char> Span => this.text ?? this.documentText.AsSpan(this.Start, this.End - this.Start);

    /// <summary>A chunk of <paramref name="document"/>'s text [<paramref name="start"/>, <paramref name="end"/>), sliced when read.</summary>
    internal static Chunk Slice(
        string chunkId,
        SourceDocument document,
        int articleOrdinal,
        string? title,
        string? byline,
        string? date,
        int start,
        int end,
        IReadOnlyList<TextSpan> sentences,
        BlockKind kind)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, document.Text.Length);
        return new Chunk(chunkId, document.DocId, articleOrdinal, title, byline, date, null!, start, end, sentences, kind, document.Text);
    }

    private Chunk(
        string chunkId,
        string docId,
        int articleOrdinal,
        string? title,
        string? byline,
        string? date,
        string? text,
        int start,
        int end,
        IReadOnlyList<TextSpan> sentences,
        BlockKind kind,
        string documentText)
        : this(chunkId, docId, articleOrdinal, title, byline, date, text!, start, end, sentences, kind)
    {
        this.documentText = documentText;
    }

    /// <summary>Equal when every field is, the text compared by content whether it is held or sliced.</summary>
    public bool Equals(Chunk? other) =>
        other is not null
        && string.Equals(this.ChunkId, other.ChunkId, StringComparison.Ordinal)
        && string.Equals(this.DocId, other.DocId, StringComparison.Ordinal)
        && this.ArticleOrdinal == other.ArticleOrdinal
        && string.Equals(this.Title, other.Title, StringComparison.Ordinal)
        && string.Equals(this.Byline, other.Byline, StringComparison.Ordinal)
        && string.Equals(this.Date, other.Date, StringComparison.Ordinal)
        && this.Start == other.Start
        && this.End == other.End
        && EqualityComparer<IReadOnlyList<TextSpan>>.Default.Equals(this.Sentences, other.Sentences)
        && this.Kind == other.Kind
        && this.Span.SequenceEqual(other.Span);

    public override int GetHashCode() => HashCode.Combine(this.ChunkId, this.DocId, this.Start, this.End, string.GetHashCode(this.Span, StringComparison.Ordinal));
}
