using System.Text.RegularExpressions;
using AskBot.Core.Answering.Reading;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;

namespace AskBot.Core.Conversation;

/// <summary>
/// Offline follow-up rewriting by meaning. A reference in the follow-up (he, she, it, they, there, "the group") is
/// read as one of the things the conversation named: every name (or, for "there", every place; for "they", also the
/// plural phrase the last question asked about) of the last turns is tried in its place, and the reading whose question
/// the corpus answers best (the embedding model's closest sentence) wins, preferring what the last question was about
/// and a candidate of the right kind: a person for he/she, which the corpus shows by how it writes the name (someone
/// who "said" or "told" something). An elliptical follow-up ("What about X?") takes the last question with its
/// complement swapped.
/// </summary>
internal sealed partial class OfflineQuestionRewriter : IQuestionRewriter
{
    // How much what the last question was about, and a candidate of the right kind, outweigh closeness to the corpus
    // (cosines of different readings of one question differ by a few hundredths).
    private const double RecencyWeight = 0.05;
    private const double KindWeight = 0.3;
    private const int MaxTurns = 3;
    private const int MaxMentions = 40;

    private static readonly Text.TermAnalyzer Analyzer = new();

    private readonly ICorpusIndexSource indexSource;
    private readonly QueryEmbedder embedder;

    public OfflineQuestionRewriter(ICorpusIndexSource indexSource, QueryEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(indexSource);
        ArgumentNullException.ThrowIfNull(embedder);
        this.indexSource = indexSource;
        this.embedder = embedder;
    }

    /// <inheritdoc />
    public async Task<QuestionRewrite> RewriteAsync(string question, ConversationHistory history, Indexing.CorpusIndex? index = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        question = question.Trim();
        var last = history.Turns.LastOrDefault();
        if (last is null)
        {
            return QuestionRewrite.Unchanged(question);
        }

        var ellipsis = EllipsisRegex().Match(question);
        if (ellipsis.Success)
        {
            var topic = ellipsis.Groups["topic"].Value.Trim().TrimEnd('?', '.', '!').Trim();
            var subject = Complement(last.StandaloneQuestion);
            var rewritten = subject is null
                ? $"{last.StandaloneQuestion.TrimEnd('?', '.', '!', ' ')} {topic}?"
                : ReplaceFirst(last.StandaloneQuestion, subject, topic);
            return new QuestionRewrite(rewritten, subject is null ? [] : [$"\"{topic}\" in place of \"{subject}\""]);
        }

        var reference = ReferenceRegex().Match(question);
        if (!reference.Success)
        {
            return QuestionRewrite.Unchanged(question);
        }

        var word = reference.Value;
        var kind = KindOf(word);
        var candidates = Candidates(history, kind);
        if (candidates.Count == 0)
        {
            return QuestionRewrite.Unchanged(question);
        }

        // "he" and "she" mean a person when the conversation named one; "it" a thing when it named one.
        if (kind is ReferenceKind.Person or ReferenceKind.Thing)
        {
            var fitting = candidates.Where(c => LooksLikePersonName(c.Name) == (kind == ReferenceKind.Person)).ToList();
            if (fitting.Count > 0)
            {
                candidates = fitting;
            }
        }

        index ??= await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        var best = (Text: (string?)null, Score: double.NegativeInfinity, Name: string.Empty);
        foreach (var (name, recency) in candidates)
        {
            var rewritten = Substitute(question, reference, name);
            var vector = await this.embedder.EmbedAsync(index, rewritten, cancellationToken).ConfigureAwait(false);
            if (vector is null)
            {
                // No dense vectors (the ML.NET provider): the most recent candidate is the reading.
                return new QuestionRewrite(rewritten, [$"\"{word}\" → \"{name}\""]);
            }

            var score = ClosestMention(index, vector, name) + (RecencyWeight * recency);
            if (kind != ReferenceKind.Place)
            {
                var person = Personhood(index, name);
                score += KindWeight * (kind == ReferenceKind.Person ? person : -person);
            }

            if (score > best.Score)
            {
                best = (rewritten, score, name);
            }
        }

        return best.Text is null ? QuestionRewrite.Unchanged(question) : new QuestionRewrite(best.Text, [$"\"{word}\" → \"{best.Name}\""]);
    }

    private enum ReferenceKind
    {
        Person,
        Thing,
        Plural,
        Place,
    }

    private static ReferenceKind KindOf(string word) => word.ToLowerInvariant() switch
    {
        "he" or "him" or "his" or "she" or "her" or "hers" => ReferenceKind.Person,
        "they" or "them" or "their" or "theirs" => ReferenceKind.Plural,
        "there" => ReferenceKind.Place,
        _ => ReferenceKind.Thing,
    };

    /// <summary>
    /// The names of the last few turns with their weight: 1 for what the last question asked about, less for what its
    /// answer named, and less again for earlier turns.
    /// </summary>
    private static List<(string Name, double Recency)> Candidates(ConversationHistory history, ReferenceKind kind)
    {
        var found = new List<(string, double)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var turns = history.Turns.Reverse().Take(MaxTurns).ToList();
        for (var t = 0; t < turns.Count; t++)
        {
            var turn = turns[t];
            // After "Who leads X?" or "Where did Y happen?", the reference most likely means what the answer named; after a
            // question that names a person itself ("Who is Jane Doe?"), or any other question, what the question was about.
            var asked = QuestionProfile.Create(turn.StandaloneQuestion, Analyzer).Type;
            var answerFirst = asked is AnswerType.Name or AnswerType.Place
                && !EntityFinder.Find(turn.StandaloneQuestion).Any(n => n.Type == AnswerType.Name && LooksLikePersonName(n.Text));
            var answer = turn.Refused ? string.Empty : MarkerRegex().Replace(turn.Answer, " ");
            var texts = answerFirst
                ? new[] { (answer, 1.0), (turn.StandaloneQuestion, 0.5) }
                : new[] { (turn.StandaloneQuestion, 1.0), (answer, 0.5) };
            foreach (var (text, weight) in texts)
            {
                var recency = weight / (1 + t);
                foreach (var span in EntityFinder.Find(text))
                {
                    if (span.Type != (kind == ReferenceKind.Place ? AnswerType.Place : AnswerType.Name) || ReferenceRegex().IsMatch(span.Text))
                    {
                        continue;
                    }

                    // "Jane Doe of Acme Corp" names a person and where she works: both are candidates.
                    var of = span.Text.IndexOf(" of ", StringComparison.Ordinal);
                    foreach (var name in of > 0 ? new[] { span.Text, span.Text[..of] } : [span.Text])
                    {
                        if (seen.Add(name))
                        {
                            found.Add((name, recency));
                        }
                    }
                }

                // "they" may be what the question asked about without naming it ("the suspects").
                if (kind == ReferenceKind.Plural)
                {
                    foreach (Match plural in PluralPhraseRegex().Matches(text))
                    {
                        // Number agreement: "they" after "the suspects" is the suspects whatever else was named.
                        if (seen.Add(plural.Value))
                        {
                            found.Add((plural.Value, recency + 1));
                        }
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// How much the corpus writes <paramref name="name"/> as a person, from 0 to 1: the share of its mentions (in the
    /// passages that hold its last word) next to a verb of saying ("X said", "said X", "X told", "according to X").
    /// </summary>
    private static double Personhood(CorpusIndex index, string name)
    {
        if (!LooksLikePersonName(name))
        {
            return 0;
        }

        var last = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var mentions = 0;
        var speaking = 0;
        foreach (var sentence in Mentions(index, last))
        {
            var text = index.SentenceText(sentence);
            foreach (Match m in Regex.Matches(text, Regex.Escape(last) + @"\b", RegexOptions.CultureInvariant))
            {
                mentions++;
                var before = text[Math.Max(0, m.Index - 30)..m.Index];
                var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)];
                if (SpeakerAfterRegex().IsMatch(after) || SpeakerBeforeRegex().IsMatch(before))
                {
                    speaking++;
                }
            }
        }

        return 0.5 + (mentions == 0 ? 0 : Math.Min(0.5, 1.5 * speaking / mentions));
    }

    /// <summary>Two to four capitalised words with lower-case letters: the shape of a person's name (no acronym, no digits).</summary>
    private static bool LooksLikePersonName(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 2 and <= 4
            && words.All(w => char.IsUpper(w[0]) && w.Skip(1).Any(char.IsLower) && !w.Any(char.IsDigit) && !w.Contains('’') && !w.Contains('\''));
    }

    /// <summary>
    /// How well the corpus answers the reading: the cosine of the rewritten question and the closest sentence that
    /// mentions the candidate (0 when none does), so a reading only scores with what the corpus says about that name.
    /// </summary>
    private static double ClosestMention(CorpusIndex index, float[] query, string name)
    {
        var best = 0.0;
        foreach (var sentence in Mentions(index, name))
        {
            best = Math.Max(best, index.Embeddings.Similarity(query, index.SentenceRow(sentence)));
        }

        return best;
    }

    /// <summary>Sentences that contain <paramref name="name"/>, found through the passages that hold its rarest word.</summary>
    private static IEnumerable<int> Mentions(CorpusIndex index, string name)
    {
        var terms = index.Lexical.PlainVocabulary.Count == 0 ? [] : Analyzer.Terms(name);
        var rarest = terms.Where(index.Lexical.Contains).OrderBy(index.Lexical.DocumentFrequency).FirstOrDefault();
        if (rarest is null)
        {
            yield break;
        }

        var seen = new HashSet<int>();
        foreach (var hit in index.Lexical.Search([new Retrieval.QueryClause([rarest])], MaxMentions))
        {
            foreach (var sentence in index.Sentences.OfChunk(hit.Document).ToArray())
            {
                if (seen.Add(sentence) && index.SentenceText(sentence).Contains(name, StringComparison.OrdinalIgnoreCase))
                {
                    yield return sentence;
                }
            }
        }
    }

    private static string Substitute(string question, Match reference, string name)
    {
        var lower = reference.Value.ToLowerInvariant();
        var replacement = lower switch
        {
            "his" or "her" or "its" or "their" or "hers" or "theirs" => name + "’s",
            "there" => "in " + name,
            _ => name,
        };
        return string.Concat(question.AsSpan(0, reference.Index), replacement, question.AsSpan(reference.Index + reference.Length));
    }

    /// <summary>What an elliptical follow-up swaps out: the last name after a preposition ("in X"), else the last name.</summary>
    private static string? Complement(string question)
    {
        var names = EntityFinder.Find(question).Where(s => s.Type == AnswerType.Name).ToList();
        var afterPreposition = names.LastOrDefault(n => PrepositionBeforeRegex().IsMatch(question[..n.Start]));
        return (afterPreposition ?? names.LastOrDefault())?.Text;
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        var at = text.IndexOf(oldValue, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }

    [GeneratedRegex(@"\b(?:in|at|on|for|from|of|to|against|by)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrepositionBeforeRegex();

    [GeneratedRegex(@"\s*\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^[’'s]*,?\s+(?:said|says|told|tells|added|wrote|writes|argued|noted|explained|believes|thinks|warned|asked)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerAfterRegex();

    [GeneratedRegex(@"\b(?:said|says|told|according to|wrote|added)\s+(?:[A-Z][\p{L}.-]*\s+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerBeforeRegex();

    // "the suspects", "the four men": what "they/them" may mean.
    [GeneratedRegex(@"\bthe\s+(?:[\p{Ll}\d-]+\s+)?(?:[\p{Ll}-]+s|men|women|people|children)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PluralPhraseRegex();

    [GeneratedRegex(@"^(?:and\s+)?(?:what|how)\s+about\s+(?<topic>.+)$|^and\s+(?<topic>(?:in|for|on|at)\s+.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EllipsisRegex();

    // Locative "there" only ("died there"), not the existential "were there".
    [GeneratedRegex(@"\b(?:he|him|his|she|her|hers|it|its|they|them|their|theirs|(?:the|this|that) (?:group|organi[sz]ation|company|man|woman|person))\b|(?<!\b(?:is|are|was|were|be|been)\s)\bthere\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceRegex();
}
