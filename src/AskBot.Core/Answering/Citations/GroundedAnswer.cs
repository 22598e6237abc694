namespace AskBot.Core.Answering.Citations;

/// <summary>A provider's answer after the grounding guard: only supported sentences, verbatim citations.</summary>
/// <param name="Answer">Answer text renumbered from [1], or <see cref="AnswerTexts.Refusal"/>.</param>
/// <param name="Refused">True when nothing supported remained (or the provider refused).</param>
/// <param name="Citations">Cited sources in order of first use; empty when refused.</param>
/// <param name="Notes">What the guard removed or changed, one line each.</param>
internal sealed record GroundedAnswer(string Answer, bool Refused, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Notes)
{
    /// <summary>The provider that wrote the answer when that is not the configured one (the offline fallback).</summary>
    public string? AnsweredBy { get; init; }
}
