using AskBot.Core.Retrieval;

namespace AskBot.Core.Answering.Citations;

/// <summary>
/// The notes the guard and the resolver leave about citations they removed. A removed citation has no number in the
/// answer the user sees (the rest are renumbered from [1]), so a note names the source, never a bracketed number that
/// could be mistaken for one of the answer's.
/// </summary>
internal static class CitationNotes
{
    /// <summary>The answer cited a source number that was not among the sources it was given.</summary>
    public static string MissingSource(int number, int sources) =>
        $"Removed a citation of source {number}, which does not exist (the answer was given {sources} source{(sources == 1 ? string.Empty : "s")}).";

    /// <summary>A cited source does not support its sentence, and why.</summary>
    public static string Unsupported(RetrievedChunk source, string reason) =>
        $"Removed a citation of {Describe(source)} from a sentence it does not support ({reason}).";

    /// <summary>Notes in first-seen order, each once: the guard and the resolver may say the same thing.</summary>
    public static IReadOnlyList<string> Unique(IEnumerable<string> notes) => notes.Distinct(StringComparer.Ordinal).ToList();

    private static string Describe(RetrievedChunk source) =>
        string.IsNullOrWhiteSpace(source.Chunk.Title) ? source.Chunk.DocId : $"“{source.Chunk.Title.Trim()}” ({source.Chunk.DocId})";
}
