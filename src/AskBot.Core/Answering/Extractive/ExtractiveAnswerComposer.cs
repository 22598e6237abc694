using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Chunking;
using AskBot.Core.Indexing;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Extractive;

/// <summary>
/// Composes an answer from verbatim source sentences, the way an LLM told "answer only from the sources"
/// would, but deterministically: sentences are scored by how much of the question they cover (IDF-weighted,
/// with word families and a little passage context), a short direct answer leads when the question asks
/// who/when/where/how many/how old, differing figures are reported side by side, and when no sentence covers
/// the question the refusal is returned instead of loosely related text.
/// </summary>
public sealed partial class ExtractiveAnswerComposer
{
    /// <summary>IDF-weighted share of what the question asks (its non-name terms) a sentence must contain.</summary>
    /// <remarks>
    /// With <see cref="NamesThreshold"/>, chosen on the shipped question set (eval/questions.jsonl, `askbot eval`):
    /// lower thresholds answer more paraphrased questions and also more questions the articles don't cover.
    /// </remarks>
    public const double AskedThreshold = 0.25;

    /// <summary>IDF-weighted share of the names the question asks about that the sentence or its passage must contain.</summary>
    public const double NamesThreshold = 0.5;

    // Weight of the threshold-relative coverage in a sentence's ranking score (the rest is overall term coverage).
    private const double CoverageWeight = 0.175;

    // A sentence only joins the answer when it scores close to the best one: no padding.
    private const double CompanionRatio = 0.9;

    // Weight of a question word found only in the sentence's passage: context helps, but the sentence must carry the answer.
    private const double PassageWeight = 0.25;

    // Names the sentence leaves implicit ("the group", "the venue") are usually spelled out in its passage.
    private const double NameContextWeight = 0.8;

    private readonly TermAnalyzer analyzer;
    private readonly SentenceSplitter splitter;
    private readonly QuestionVocabulary vocabulary;

    public ExtractiveAnswerComposer(TermAnalyzer analyzer, SentenceSplitter splitter, QuestionVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(splitter);
        ArgumentNullException.ThrowIfNull(vocabulary);
        this.analyzer = analyzer;
        this.splitter = splitter;
        this.vocabulary = vocabulary;
    }

    /// <summary>Composes the answer text, every sentence ending in its [n], or <paramref name="refusal"/>.</summary>
    /// <param name="question">The standalone question.</param>
    /// <param name="sources">The numbered sources of the prompt.</param>
    /// <param name="maxSentences">Most sentences in the answer.</param>
    /// <param name="refusal">The reply when nothing answers.</param>
    /// <param name="index">The corpus index, for its name aliases and vocabulary.</param>
    public string Compose(string question, IReadOnlyList<PromptSource> sources, int maxSentences, string refusal, CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(index);
        question = QuestionFocus.Extract(question);
        var analysis = QuestionAnalysis.Create(question, this.analyzer);
        var clauses = this.vocabulary.Clauses(question, index);
        if (clauses.Count == 0 || sources.Count == 0)
        {
            return refusal;
        }

        var focus = analysis.FocusTerms.SelectMany(this.vocabulary.Family).ToHashSet(StringComparer.Ordinal);
        var candidates = this.ScoreSentences(analysis, clauses, sources, index);
        var answering = candidates
            .Where(c => c.Coverage >= 1.0)
            .OrderByDescending(c => c.Score)
            .ToList();
        if (answering.Count == 0)
        {
            return refusal;
        }

        if (analysis.Kind == QuestionKind.HowMany)
        {
            var conflict = ComposeConflict(focus, answering, this.analyzer);
            if (conflict is not null)
            {
                return conflict;
            }
        }

        var best = answering[0];
        var direct = DirectAnswer(analysis, best.Text);
        var chosen = new List<(CandidateSentence Sentence, List<int> Numbers)> { (best, [best.Source.N]) };
        foreach (var candidate in answering.Skip(1))
        {
            if (candidate.Score < best.Score * CompanionRatio || candidate.Coverage < best.Coverage)
            {
                continue;
            }

            var duplicateOf = chosen.FindIndex(c => Similarity(c.Sentence.Terms, candidate.Terms) >= 0.6);
            if (duplicateOf >= 0)
            {
                if (!chosen[duplicateOf].Numbers.Contains(candidate.Source.N))
                {
                    chosen[duplicateOf].Numbers.Add(candidate.Source.N);
                }

                continue;
            }

            // With a direct answer, a further sentence must state the same answer, not merely share the question's words.
            var statesAnswer = direct is null || candidate.Text.Contains(direct, StringComparison.Ordinal);
            if (statesAnswer && chosen.Count < Math.Max(1, maxSentences - 1))
            {
                chosen.Add((candidate, [candidate.Source.N]));
            }
        }

        var builder = new StringBuilder();
        if (direct is not null)
        {
            builder.Append(direct).Append(' ').Append(Markers(chosen[0].Numbers)).Append(".\n");
        }

        foreach (var (sentence, numbers) in chosen)
        {
            builder.Append(sentence.Text.Trim()).Append(' ').Append(Markers(numbers)).Append('\n');
        }

        return builder.ToString().TrimEnd();
    }

    private List<CandidateSentence> ScoreSentences(QuestionAnalysis analysis, IReadOnlyList<QuestionClause> clauses, IReadOnlyList<PromptSource> sources, CorpusIndex index)
    {
        var raw = new List<(PromptSource Source, int Rank, string Text, IReadOnlySet<string> Terms, IReadOnlySet<string> Passage)>();
        for (var rank = 0; rank < sources.Count; rank++)
        {
            var source = sources[rank];
            var passageTerms = this.vocabulary.TermsOf(source.Header + "\n" + source.Text, index);
            foreach (var span in this.splitter.Split(source.Text))
            {
                var text = span.Slice(source.Text).Trim();
                if (!IsAnswerSentence(text))
                {
                    continue;
                }

                raw.Add((source, rank, text, this.vocabulary.TermsOf(text, index), passageTerms));
            }
        }

        // Corpus IDF: a term every article repeats (the corpus's topic) says little about whether a sentence
        // answers; a rare question term, or one the corpus never uses, is what the answer must contain.
        var idf = clauses.Select(c => index.Lexical.Idf(c.Terms.Max(t => index.Lexical.DocumentFrequency(t)))).ToArray();

        var scored = new List<CandidateSentence>(raw.Count);
        foreach (var (source, rank, text, terms, passage) in raw)
        {
            // What is asked must be in the sentence; the names it is asked about may come from its passage.
            double askedCovered = 0, askedTotal = 0, namesCovered = 0, namesTotal = 0;
            for (var i = 0; i < clauses.Count; i++)
            {
                var clause = clauses[i];
                var weight = clause.Terms.Overlaps(terms) ? 1.0
                    : clause.Terms.Overlaps(passage) ? (clause.IsName ? NameContextWeight : PassageWeight)
                    : 0.0;
                if (clause.IsName)
                {
                    namesCovered += idf[i] * weight;
                    namesTotal += idf[i];
                }
                else
                {
                    askedCovered += idf[i] * weight;
                    askedTotal += idf[i];
                }
            }

            var asked = askedTotal > 0 ? askedCovered / askedTotal : 1.0;
            var names = namesTotal > 0 ? namesCovered / namesTotal : 1.0;
            var coverage = Math.Min(asked / AskedThreshold, names / NamesThreshold);
            var typeBonus = HasAnswerType(analysis, text) ? 0.08 : 0;
            var rankBonus = 0.04 * (1.0 - ((double)rank / sources.Count));
            var overall = (askedCovered + namesCovered) / Math.Max(askedTotal + namesTotal, 1e-9);
            scored.Add(new CandidateSentence(source, rank, text, terms, coverage, (CoverageWeight * coverage) + (0.5 * overall) + typeBonus + rankBonus));
        }

        return scored;
    }

    /// <summary>Headings, questions and fragments never become answer sentences.</summary>
    private static bool IsAnswerSentence(string text)
    {
        // Short questions are headings ("Who were the attackers?"); a long rhetorical question in running text
        // still states facts ("why were the attackers able to wander for nearly an hour …?").
        if (text.Length < 20 || (text.EndsWith('?') && text.Split(' ').Length < 10))
        {
            return false;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words >= 4;
    }

    private static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / Math.Min(a.Count, b.Count);
    }

    private static bool HasAnswerType(QuestionAnalysis analysis, string text) => analysis.Kind switch
    {
        QuestionKind.Who => PersonName(analysis, text) is not null,
        QuestionKind.When => DateRegex().IsMatch(text),
        QuestionKind.Where => Place(analysis, text) is not null,
        QuestionKind.HowMany => FigureExtractor.Extract(text).Count > 0,
        QuestionKind.HowOld => FigureExtractor.ExtractAges(text).Count > 0,
        _ => false,
    };

    /// <summary>The short answer that leads the reply, taken verbatim from the best sentence; null when none fits.</summary>
    private static string? DirectAnswer(QuestionAnalysis analysis, string sentence) => analysis.Kind switch
    {
        QuestionKind.Who => PersonName(analysis, sentence),
        QuestionKind.When => DateRegex().Match(sentence) is { Success: true } m ? m.Value.Trim() : null,
        QuestionKind.Where => Place(analysis, sentence),
        QuestionKind.HowMany => FigureExtractor.Extract(sentence).FirstOrDefault()?.Phrase,
        QuestionKind.HowOld => FigureExtractor.ExtractAges(sentence).FirstOrDefault() is { } age ? age.Value.ToString(CultureInfo.InvariantCulture) : null,
        _ => null,
    };

    /// <summary>
    /// The name that answers a who-question: a run of capitalised words the question does not already name,
    /// preferring two- or three-word names next to a speech or naming cue ("said X", "named X", "X, a …").
    /// </summary>
    private static string? PersonName(QuestionAnalysis analysis, string sentence)
    {
        string? best = null;
        var bestScore = double.MinValue;
        foreach (Match m in NameRunRegex().Matches(sentence))
        {
            var words = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if ((m.Index == 0 && words.Length == 1) || m.Value.Contains("-based", StringComparison.Ordinal))
            {
                continue;
            }

            if (words.All(w => analysis.QuestionWords.Contains(w.ToLowerInvariant().Trim('’', '\'', 's'))))
            {
                continue;
            }

            var before = sentence[..m.Index].TrimEnd();
            var after = sentence[(m.Index + m.Length)..].TrimStart();
            var score = words.Length is 2 or 3 ? 2.0 : words.Length > 3 ? 1.0 : 0.5;
            if (NameCueBeforeRegex().IsMatch(before) || NameCueAfterRegex().IsMatch(after))
            {
                score += 2;
            }

            if (m.Index == 0)
            {
                score -= 0.5;
            }

            if (score > bestScore)
            {
                bestScore = score;
                best = m.Value;
            }
        }

        return best;
    }

    private static string? Place(QuestionAnalysis analysis, string sentence)
    {
        foreach (Match m in PlaceRegex().Matches(sentence))
        {
            var place = m.Groups["place"].Value;
            if (!analysis.QuestionWords.Contains(place.Split(' ')[0].ToLowerInvariant()))
            {
                return place;
            }
        }

        return null;
    }

    /// <summary>
    /// When the answering sentences of different sources state different figures for what is asked, the
    /// answer lists each figure with its source and date instead of picking one.
    /// </summary>
    private static string? ComposeConflict(IReadOnlySet<string> focus, List<CandidateSentence> answering, TermAnalyzer analyzer)
    {
        var figures = new List<(CandidateSentence Sentence, Figure Figure)>();
        foreach (var candidate in answering)
        {
            foreach (var figure in FigureExtractor.Extract(candidate.Text))
            {
                if (IsAboutFocus(focus, candidate.Text, figure, analyzer))
                {
                    figures.Add((candidate, figure));
                    break;
                }
            }
        }

        var distinctValues = figures.Select(f => f.Figure.Value).Distinct().Count();
        var distinctSources = figures.Select(f => f.Sentence.Source.N).Distinct().Count();
        if (distinctValues < 2 || distinctSources < 2)
        {
            return null;
        }

        var builder = new StringBuilder("The sources give different figures:\n");
        foreach (var group in figures.GroupBy(f => f.Figure.Value).OrderByDescending(g => g.Max(f => f.Sentence.Score)))
        {
            // One source per figure: the line quotes that source's sentence, and a citation must support its line.
            var first = group.First();
            var numbers = new[] { first.Sentence.Source.N };
            var attribution = Attribution(first.Sentence.Source);
            builder.Append("- ");
            if (attribution.Length > 0)
            {
                builder.Append(attribution).Append(": ");
            }

            builder.Append(first.Sentence.Text.Trim()).Append(' ').Append(Markers(numbers)).Append('\n');
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>A figure counts what was asked when a focus word sits within a few words of it.</summary>
    private static bool IsAboutFocus(IReadOnlySet<string> focus, string sentence, Figure figure, TermAnalyzer analyzer)
    {
        if (focus.Count == 0)
        {
            return true;
        }

        var before = string.Join(' ', sentence[..figure.Start].Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeLast(4));
        var after = string.Join(' ', sentence[figure.End..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4));
        var window = analyzer.Terms(before + " " + after).ToHashSet(StringComparer.Ordinal);
        return focus.Overlaps(window);
    }

    private static string Attribution(PromptSource source)
    {
        var who = source.Byline.Length > 0 ? source.Byline : source.Title;
        return string.Join(", ", new[] { who, source.Date }.Where(p => p.Length > 0));
    }

    private static string Markers(IEnumerable<int> numbers) =>
        string.Concat(numbers.Select(n => string.Create(CultureInfo.InvariantCulture, $"[{n}]")));

    [GeneratedRegex(@"\b(?:[A-Z][\p{L}’'-]+|al-[A-Z][\p{L}]+)(?:\s+(?:[A-Z][\p{L}’'-]+|al-[A-Z][\p{L}]+|[A-Z]\.))*", RegexOptions.CultureInvariant)]
    private static partial Regex NameRunRegex();

    [GeneratedRegex(@"(?:(?i:early|late|mid-?|in|on|since|by)\s+)*(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+(?:\d{1,2}(?:,\s+\d{4})?|\d{4})\b|(?i:summer|spring|autumn|fall|winter) of \d{4}|\b(?:19|20)\d{2}\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"\b(?:said|says|told|named|by|according to|leader|director|head|chief|president|spokesman|spokesperson|analyst|expert|general|gen\.|commander)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NameCueBeforeRegex();

    [GeneratedRegex(@"^(?:,\s+(?:a|an|the|who|head|director|chair|co-founder)\b|said\b|says\b|told\b|\(|has\s+(?:said|told|overseen))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NameCueAfterRegex();

    [GeneratedRegex(@"\b(?:in|at|near|outside|from)\s+(?<place>(?:the\s+)?[A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceRegex();
}
