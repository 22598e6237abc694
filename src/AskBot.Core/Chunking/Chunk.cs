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
    BlockKind Kind);
