using AskBot.Core.Answering.Citations;
using AskBot.Core.Indexing;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// Turns what the reader found into an answer: the refusal when the reader is not confident; otherwise the best sentence,
/// led by a short direct answer (the name, date, place, figure or age it states) only when the reader is confident and
/// the sentence states exactly one thing of the asked kind. When sentences that answer the same how-many question about
/// the same event give different figures, each figure is given with its source instead.
/// </summary>
internal sealed class ReaderAnswerComposer
{
    private static readonly Text.TermAnalyzer Analyzer = new();

    /// <summary>Confidence above which a short direct answer may lead (a wrong short answer is worse than none).</summary>
    public const double LeadConfidence = 0.6;

    /// <summary>A figure's sentence must be at least this probable, relative to the best sentence, to be listed.</summary>
    public const double FigureProbabilityRatio = 0.5;

    /// <summary>Share of the smaller sentence's terms two figure sentences must share to be copies of one report.</summary>
    public const double SameWordsShare = 0.8;

    /// <summary>The note that says the sources disagree.</summary>
    public const string DisagreementNote = "The sources disagree on this figure; each is given with its source.";

    /// <summary>The line that leads a list of differing figures.</summary>
    public const string FiguresLeadIn = "The sources give different figures:";

    /// <summary>The answer to <paramref name="reading"/>, or a refusal when confidence is below <paramref name="answerThreshold"/>.</summary>
    public DraftAnswer Compose(ReaderResult reading, double answerThreshold, int maxSentences, CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(index);
        if (reading.Candidates.Count == 0 || reading.Confidence < answerThreshold)
        {
            return DraftAnswer.Refusal;
        }

        var best = reading.Candidates[0];
        if (reading.Profile.Type == AnswerType.Quantity && this.Figures(reading, index, maxSentences) is { } figures)
        {
            return figures;
        }

        var claims = new List<AnswerClaim>();
        if (reading.Confidence >= LeadConfidence && DirectAnswer(reading, best.Text, index) is { } direct)
        {
            claims.Add(new AnswerClaim(direct, [best.Source], ".\n"));
        }

        if (best.Preceding is not null)
        {
            claims.Add(new AnswerClaim(best.Preceding, [best.Source], " "));
        }

        claims.Add(new AnswerClaim(best.Text, [best.Source], string.Empty));
        return new DraftAnswer(claims, false, []);
    }

    /// <summary>The one thing of the asked kind <paramref name="sentence"/> states that the question does not; null when none or several.</summary>
    internal static string? DirectAnswer(ReaderResult reading, string sentence, CorpusIndex index)
    {
        var profile = reading.Profile;
        if (profile.Type == AnswerType.None)
        {
            return null;
        }

        if (profile.Type == AnswerType.Quantity)
        {
            // A figure leads only when it counts what was asked ("6,200-capacity", not "three men" for a capacity).
            return FigureSpan(profile, sentence)?.Text;
        }

        var spans = EntityFinder.Find(sentence);
        if (profile.Type == AnswerType.Age)
        {
            // "29", not "29-year-old": the age itself answers how old.
            var ages = spans.Where(s => s.Type == AnswerType.Age).Select(s => s.Value).Distinct().ToList();
            return ages.Count == 1 ? ages[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        // A who-question is answered by a name that is not a place ("led by X" in "based in Y and led by X").
        var places = spans.Where(s => s.Type == AnswerType.Place).Select(s => s.Start).ToHashSet();
        var found = spans
            .Where(s => s.Type == profile.Type && !QuestionEvidence.Echoes(s.Text, profile, reading.QuestionGroups, index.Aliases, Analyzer)
                && (profile.Type != AnswerType.Name || !places.Contains(s.Start)))
            .Select(s => s.Text)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return found.Count == 1 ? found[0] : null;
    }

    private static bool Echoes(QuestionProfile profile, string text) =>
        text.Split([' ', '-', ',', '.'], StringSplitOptions.RemoveEmptyEntries).All(w => profile.Tokens.Contains(w.ToLowerInvariant()));

    private static string Attribution(Retrieval.RetrievedChunk passage)
    {
        var who = passage.Chunk.Byline ?? passage.Chunk.Title ?? string.Empty;
        return string.Join(", ", new[] { who, passage.Chunk.Date ?? string.Empty }.Where(p => p.Length > 0));
    }

    /// <summary>
    /// Figures for a how-many question. The likely sentences that give a figure of what is asked are grouped by event
    /// (sentences that name the same person, place or group, or say nearly the same), and the group the passages say
    /// most about answers: its figures listed with their sources when they differ, else its best sentence alone.
    /// The event is the place the corpus mentions most among those the figure sentences name.
    /// </summary>
    private DraftAnswer? Figures(ReaderResult reading, CorpusIndex index, int maxSentences)
    {
        var best = reading.Candidates[0];
        var figures = new List<(SentenceCandidate Candidate, decimal Value, HashSet<string> Names)>();
        foreach (var candidate in reading.Candidates)
        {
            if (candidate.Probability < FigureProbabilityRatio * best.Probability)
            {
                break;
            }

            if (Figure(reading.Profile, candidate.Text) is { } value)
            {
                figures.Add((candidate, value, Places(candidate.Text)));
            }
        }

        if (figures.Count < 2)
        {
            return null;
        }

        // The event: the place the corpus mentions most among those the figure sentences name (an unqualified "the attack"
        // is the one the articles are about); its figures are those of the sentences that name it (or say nearly the
        // same as one that does).
        var place = figures
            .SelectMany(f => f.Names)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => Analyzer.Terms(p).Select(index.Lexical.DocumentFrequency).DefaultIfEmpty(0).Max())
            .FirstOrDefault();
        if (place is null)
        {
            return null;
        }

        // The most likely sentence that names it anchors the event; a sentence is about the same event when it names a
        // place the anchor names, or repeats it.
        var anchor = figures.First(f => f.Names.Contains(place));
        var evt = figures.Where(f => f.Names.Overlaps(anchor.Names) || SameWords(anchor.Candidate, f.Candidate)).ToList();
        var articles = evt.Select(f => f.Candidate.Passage.Chunk.DocId + "#" + f.Candidate.Passage.Chunk.ArticleOrdinal).Distinct().Count();
        var values = evt.Select(f => f.Value).Distinct().Count();
        if (values < 2 || articles < 2)
        {
            return evt[0].Candidate == best ? null : new DraftAnswer([new AnswerClaim(evt[0].Candidate.Text, [evt[0].Candidate.Source], string.Empty)], false, []);
        }

        var claims = new List<AnswerClaim> { new(FiguresLeadIn, [], "\n") };
        foreach (var same in evt.GroupBy(f => f.Value).Take(Math.Max(2, maxSentences)))
        {
            var candidate = same.First().Candidate;
            var attribution = Attribution(candidate.Passage);
            var text = attribution.Length > 0 ? $"- {attribution}: {candidate.Text}" : "- " + candidate.Text;
            claims.Add(new AnswerClaim(text, [candidate.Source], "\n"));
        }

        return new DraftAnswer(claims, false, [DisagreementNote]);
    }

    // The places a sentence names, by their last word: where something happened tells events
    // apart better than who was involved (the same group, the same governments, act in many).
    private static HashSet<string> Places(string sentence) =>
        EntityFinder.Find(sentence)
            .Where(s => s.Type == AnswerType.Place)
            .Select(s => s.Text.Split(' ')[^1].Trim('’', '\'', ',', '.').ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    // Nearly the same words (a syndicated copy of one report): term sets that overlap by most of the smaller one.
    private static bool SameWords(SentenceCandidate a, SentenceCandidate b)
    {
        var x = Analyzer.Terms(a.Text).ToHashSet(StringComparer.Ordinal);
        var y = Analyzer.Terms(b.Text).ToHashSet(StringComparer.Ordinal);
        return x.Count > 0 && y.Count > 0 && x.Count(y.Contains) >= SameWordsShare * Math.Min(x.Count, y.Count);
    }

    // The figure a sentence gives for what is counted: a quantity within three words before, or two after, a term of
    // the question ("137 people", "the toll rose to 140"); none when no quantity is next to one.
    private static decimal? Figure(QuestionProfile profile, string sentence) => FigureSpan(profile, sentence)?.Value;

    private static TypedSpan? FigureSpan(QuestionProfile profile, string sentence)
    {
        foreach (var quantity in EntityFinder.Find(sentence).Where(s => s.Type == AnswerType.Quantity && !Echoes(profile, s.Text)))
        {
            var after = sentence[quantity.End..].Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Take(3);
            var before = sentence[..quantity.Start].Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).TakeLast(2);
            if (Analyzer.Terms(string.Join(' ', after.Concat(before))).Any(t => profile.Terms.Contains(t)))
            {
                return quantity;
            }
        }

        return null;
    }
}
