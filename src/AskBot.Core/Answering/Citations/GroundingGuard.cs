using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using AskBot.Core.Telemetry;

namespace AskBot.Core.Answering.Citations;

/// <summary>
/// Checks every provider's raw answer against the sources it was given before anyone sees it: citations of
/// sources that don't exist are removed, a citation whose passage (the cited chunk's text, with its title,
/// byline and date) does not support its sentence (<see cref="SupportChecker"/>) is removed with the reason, a sentence left
/// with no supporting citation is dropped (or marked, see <see cref="ChatOptions.UnsupportedSentences"/>),
/// fact-free lead-ins are kept, and the rest is resolved to verbatim quotes by <see cref="CitationResolver"/>.
/// When nothing supported remains, the answer is the refusal. What it removed from each answer is counted in
/// <see cref="AskBotTelemetry.RecordGuardDrops"/>.
/// </summary>
internal sealed class GroundingGuard
{
    /// <summary>Marker appended to a sentence kept in <see cref="UnsupportedSentenceHandling.Mark"/> mode.</summary>
    public const string UnsupportedMarker = "[unsupported]";

    private const int MaxQuotedChars = 80;

    private readonly SupportChecker checker;
    private readonly CitationResolver resolver;
    private readonly AskBotTelemetry telemetry;

    public GroundingGuard(SupportChecker checker, CitationResolver resolver, AskBotTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(telemetry);
        this.checker = checker;
        this.resolver = resolver;
        this.telemetry = telemetry;
    }

    /// <summary>Guards an answer written as text from <paramref name="sources"/> (number n is <c>sources[n - 1]</c>).</summary>
    /// <param name="answer">The provider's raw answer.</param>
    /// <param name="sources">The prompt's sources.</param>
    /// <param name="getDocument">Looks up the seed file of a chunk.</param>
    /// <param name="unsupported">Whether an unsupported sentence is dropped or kept with <see cref="UnsupportedMarker"/>.</param>
    public GroundedAnswer Guard(
        string answer,
        IReadOnlyList<RetrievedChunk> sources,
        Func<string, SourceDocument> getDocument,
        UnsupportedSentenceHandling unsupported = UnsupportedSentenceHandling.Drop)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return this.Guard(DraftAnswer.FromText(answer), sources, getDocument, unsupported);
    }

    /// <summary>Guards <paramref name="draft"/>, whose claims cite <paramref name="sources"/> (number n is <c>sources[n - 1]</c>).</summary>
    /// <param name="draft">The answering function's claims; its notes are kept unless nothing supported remains.</param>
    /// <param name="sources">The passages the claims cite.</param>
    /// <param name="getDocument">Looks up the seed file of a chunk.</param>
    /// <param name="unsupported">Whether an unsupported sentence is dropped or kept with <see cref="UnsupportedMarker"/>.</param>
    public GroundedAnswer Guard(
        DraftAnswer draft,
        IReadOnlyList<RetrievedChunk> sources,
        Func<string, SourceDocument> getDocument,
        UnsupportedSentenceHandling unsupported = UnsupportedSentenceHandling.Drop)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(getDocument);
        if (draft.Refused || draft.Claims.Count == 0)
        {
            // The draft's own notes stay: a refusal from the fallback must still say the model was unavailable.
            return new GroundedAnswer(AnswerTexts.Refusal, true, [], CitationNotes.Unique(draft.Notes));
        }

        var notes = new List<string>(draft.Notes);
        var kept = new List<(AnswerClaim Claim, IReadOnlyList<int> Numbers)>();
        var supportedClaims = 0;
        var droppedSentences = 0;
        var droppedCitations = 0;
        foreach (var claim in draft.Claims)
        {
            if (claim.Numbers.Count == 0 && this.checker.IsLeadIn(claim.Text))
            {
                kept.Add((claim, claim.Numbers));
                continue;
            }

            var supporting = this.SupportingNumbers(claim, sources, notes);
            droppedCitations += claim.Numbers.Distinct().Count() - supporting.Count;
            if (supporting.Count > 0)
            {
                supportedClaims++;
                kept.Add((claim, supporting));
                continue;
            }

            if (this.checker.IsLeadIn(claim.Text))
            {
                // A lead-in with a stray marker: keep the words, not the marker.
                kept.Add((claim, Array.Empty<int>()));
                continue;
            }

            var shown = Shorten(claim.Text);
            if (unsupported == UnsupportedSentenceHandling.Mark)
            {
                notes.Add($"Marked an unsupported sentence: \"{shown}\"");
                kept.Add((claim with { Text = MarkText(claim.Text) }, Array.Empty<int>()));
            }
            else
            {
                notes.Add($"Dropped an unsupported sentence: \"{shown}\"");
                KeepLineBreak(kept, claim);
                droppedSentences++;
            }
        }

        // Every citation the resolver sees has been checked here, so these counts are the whole answer's.
        this.telemetry.RecordGuardDrops(droppedSentences, droppedCitations);

        if (supportedClaims == 0)
        {
            return Refusal(notes);
        }

        var resolution = this.resolver.Resolve(kept.Select(k => k.Claim with { Numbers = k.Numbers }).ToList(), sources, getDocument);
        notes.AddRange(resolution.Notes);
        if (resolution.Citations.Count == 0 || AnswerTexts.IsRefusal(resolution.Answer))
        {
            return Refusal(notes);
        }

        return new GroundedAnswer(resolution.Answer, false, resolution.Citations, CitationNotes.Unique(notes));
    }

    /// <summary>
    /// The claim's citations whose passage supports it; when none does alone but the valid ones together do
    /// (a sentence combining two sources), all of those.
    /// </summary>
    private List<int> SupportingNumbers(AnswerClaim claim, IReadOnlyList<RetrievedChunk> sources, List<string> notes)
    {
        var valid = new List<int>();
        foreach (var n in claim.Numbers.Distinct())
        {
            if (n < 1 || n > sources.Count)
            {
                notes.Add(CitationNotes.MissingSource(n, sources.Count));
            }
            else
            {
                valid.Add(n);
            }
        }

        var verdicts = valid.ToDictionary(n => n, n => this.checker.Check(claim.Text, sources[n - 1].Chunk.Text, Header(sources[n - 1])));
        var supporting = valid.Where(n => verdicts[n].IsSupported).ToList();
        if (supporting.Count == 0 && valid.Count > 1
            && this.checker.Check(
                claim.Text,
                string.Join("\n", valid.Select(n => sources[n - 1].Chunk.Text)),
                string.Join("\n", valid.Select(n => Header(sources[n - 1])))).IsSupported)
        {
            return valid;
        }

        foreach (var n in valid.Except(supporting))
        {
            notes.Add(CitationNotes.Unsupported(sources[n - 1], verdicts[n].Reason));
        }

        return supporting;
    }

    private static string Header(RetrievedChunk source) => $"{source.Chunk.Title}\n{source.Chunk.Byline}\n{source.Chunk.Date}";

    private static GroundedAnswer Refusal(List<string> notes)
    {
        notes.Add("No sentence of the answer was supported by its sources, so AskBot refused.");
        return new GroundedAnswer(AnswerTexts.Refusal, true, [], CitationNotes.Unique(notes));
    }

    private static string MarkText(string text)
    {
        var trimmed = text.TrimEnd();
        var end = trimmed.Length;
        while (end > 0 && ".!?".Contains(trimmed[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return string.Concat(trimmed.AsSpan(0, end), " ", UnsupportedMarker, trimmed.AsSpan(end));
    }

    /// <summary>A dropped claim may end its line: the line break moves to the claim before it.</summary>
    private static void KeepLineBreak(List<(AnswerClaim Claim, IReadOnlyList<int> Numbers)> kept, AnswerClaim dropped)
    {
        if (kept.Count > 0 && dropped.Trailing.Contains('\n', StringComparison.Ordinal) && !kept[^1].Claim.Trailing.EndsWith('\n'))
        {
            var (claim, numbers) = kept[^1];
            kept[^1] = (claim with { Trailing = claim.Trailing.TrimEnd(' ') + "\n" }, numbers);
        }
    }

    private static string Shorten(string text)
    {
        var single = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return single.Length <= MaxQuotedChars ? single : single[..(MaxQuotedChars - 1)].TrimEnd() + "…";
    }
}
