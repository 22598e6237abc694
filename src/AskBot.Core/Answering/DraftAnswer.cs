using AskBot.Core.Answering.Citations;

namespace AskBot.Core.Answering;

/// <summary>
/// An answer as a function produced it, before the grounding guard: claims citing the numbered passages they were given
/// (1-based), or a refusal. The offline reader builds it from typed sentences; an LLM's text is parsed into it.
/// </summary>
/// <param name="Claims">The answer's claims in order; empty for a refusal.</param>
/// <param name="Refused">True when the function found nothing that answers.</param>
/// <param name="Notes">What the function wants the reader of the answer to know (e.g. that sources disagree).</param>
internal sealed record DraftAnswer(IReadOnlyList<AnswerClaim> Claims, bool Refused, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The passages the claims' numbers refer to when the function read beyond the retrieved ones (the top-sentence peer
    /// searches the whole corpus); null when they are the passages it was given.
    /// </summary>
    public IReadOnlyList<Retrieval.RetrievedChunk>? Passages { get; init; }

    /// <summary>The provider that wrote it when that is not the configured one (the offline reader after an LLM failed).</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>A refusal with no notes.</summary>
    public static DraftAnswer Refusal { get; } = new([], true, []);

    /// <summary>An LLM's answer text as claims; the refusal sentence (or nothing) is a refusal.</summary>
    public static DraftAnswer FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AnswerTexts.IsRefusal(text) ? Refusal : new DraftAnswer(AnswerClaimParser.Parse(text), false, []);
    }
}
