namespace AskBot.Core.Answering.Citations;

/// <summary>An answer after its citations were resolved to verbatim quotes and renumbered from 1.</summary>
/// <param name="Answer">Answer text with the new numbering.</param>
/// <param name="Citations">Cited sources in order of first use.</param>
/// <param name="Notes">What was removed or changed, one line each.</param>
internal sealed record CitationResolution(string Answer, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Notes);
