using AskBot.Core.Text;

namespace AskBot.Core.Answering;

/// <summary>A numbered source of an answer: a verbatim span of a seed file.</summary>
/// <param name="N">Citation number as it appears in the answer, from 1 in order of first use.</param>
/// <param name="DocId">Document id of the seed file.</param>
/// <param name="Title">Article headline, if known.</param>
/// <param name="Byline">Author/outlet, if known.</param>
/// <param name="Date">Date as written, if known.</param>
/// <param name="Quote">Exactly <c>fileText[Start..End]</c>.</param>
/// <param name="Start">Start offset (UTF-16) in the file.</param>
/// <param name="End">End offset (exclusive) in the file.</param>
/// <param name="ChunkId">Chunk the quote was taken from.</param>
public sealed record Citation(
    int N,
    string DocId,
    string? Title,
    string? Byline,
    string? Date,
    string Quote,
    int Start,
    int End,
    string ChunkId)
{
    /// <summary>The quote's span in UTF-8 bytes and code points of the same file text; null until the answer is finished.</summary>
    public SpanOffsets? Offsets { get; init; }

    /// <summary>The file the quote was read from (its name in the corpus folder); null until the answer is finished.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The page the quote starts on, for a paged file (PDF); otherwise null.</summary>
    public int? Page { get; init; }
}
