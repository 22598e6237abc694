using System.Text.RegularExpressions;

namespace AskBot.Core.Conversation;

/// <summary>
/// Offline follow-up rewriting: resolves pronouns and elliptical questions ("How old is he?", "What about
/// Iran?") against the names in the previous turn, the way a reader would: a personal pronoun takes the
/// person the last answer named, "it/they/the group" the subject of the last question.
/// </summary>
public sealed partial class HeuristicQuestionRewriter : IQuestionRewriter
{
    /// <inheritdoc />
    public Task<string> RewriteAsync(string question, ConversationHistory history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        return Task.FromResult(this.Rewrite(question.Trim(), history));
    }

    private string Rewrite(string question, ConversationHistory history)
    {
        var last = history.Turns.LastOrDefault();
        if (last is null)
        {
            return question;
        }

        var ellipsis = EllipsisRegex().Match(question);
        if (ellipsis.Success)
        {
            var topic = ellipsis.Groups["topic"].Value.Trim().TrimEnd('?', '.', '!').Trim();
            var subject = Complement(last.StandaloneQuestion);
            return subject is null
                ? $"{last.StandaloneQuestion.TrimEnd('?', '.', '!', ' ')} {topic}?"
                : ReplaceFirst(last.StandaloneQuestion, subject, topic);
        }

        // After "Who …?" or "Where …?", a pronoun usually means what the answer named ("Who claimed the
        // attack?" → "Where is it based?"); otherwise the named subject of the last question.
        var lastQuestion = last.StandaloneQuestion.TrimStart();
        var askedWho = lastQuestion.StartsWith("who", StringComparison.OrdinalIgnoreCase);
        var askedWhere = lastQuestion.StartsWith("where", StringComparison.OrdinalIgnoreCase);
        var answered = last.Refused ? null : DirectAnswer(last.Answer);
        var person = new[] { answered }.Concat(Names(last.Refused ? string.Empty : last.Answer)).Concat(Names(lastQuestion))
            .FirstOrDefault(n => n is not null && LooksLikePerson(n));
        var thing = ((askedWho || askedWhere) && answered is not null && !LooksLikePerson(answered) ? answered : null)
            ?? Subject(lastQuestion) ?? answered;
        var group = PluralPhraseRegex().Match(lastQuestion) is { Success: true } plural ? plural.Value : thing;
        var place = askedWhere && answered is not null ? answered : Complement(lastQuestion);

        var rewritten = PersonPronounRegex().Replace(question, m => person is null ? m.Value : Substitute(m.Value, person));
        rewritten = PluralPronounRegex().Replace(rewritten, m => group is null ? m.Value : Substitute(m.Value, group));
        rewritten = ThingPronounRegex().Replace(rewritten, m => thing is null ? m.Value : Substitute(m.Value, thing));
        rewritten = ThereRegex().Replace(rewritten, m => place is null ? m.Value : "in " + place);
        return rewritten;
    }

    /// <summary>Multi-word capitalised names in a text that do not merely start a sentence.</summary>
    private static IEnumerable<string> Names(string text)
    {
        foreach (Match m in NameRunRegex().Matches(text))
        {
            var atSentenceStart = m.Index == 0 || text[..m.Index].TrimEnd().EndsWith('.') || text[m.Index - 1] == '\n';
            if (m.Value.Contains(' ', StringComparison.Ordinal) && !atSentenceStart)
            {
                yield return m.Value;
            }
        }
    }

    private static string Substitute(string pronoun, string name)
    {
        var lower = pronoun.ToLowerInvariant();
        var possessive = lower is "his" or "her" or "its" or "their" or "hers" or "theirs";
        return possessive ? name + "’s" : name;
    }

    /// <summary>The main named thing of a question: its longest capitalised run after the first word.</summary>
    private static string? Subject(string question)
    {
        string? best = null;
        foreach (Match m in NameRunRegex().Matches(question))
        {
            if (m.Index == 0)
            {
                continue;
            }

            if (best is null || m.Value.Length > best.Length)
            {
                best = m.Value;
            }
        }

        return best;
    }

    /// <summary>What an elliptical follow-up swaps out: the last named thing after a preposition ("in Iran"), else the last named thing.</summary>
    private static string? Complement(string question)
    {
        var runs = NameRunRegex().Matches(question).Where(m => m.Index > 0).ToList();
        var afterPreposition = runs.LastOrDefault(m => PrepositionBeforeRegex().IsMatch(question[..m.Index]));
        return (afterPreposition ?? runs.LastOrDefault())?.Value;
    }

    /// <summary>"It" can't be a person: a name with an acronym or an organisation word is not one.</summary>
    private static bool LooksLikePerson(string name) =>
        name.Contains(' ', StringComparison.Ordinal)
        && !name.Split(' ', '-').Any(w => (w.Length > 1 && w.All(char.IsUpper)) || OrganisationWordRegex().IsMatch(w) || char.IsLower(w[0]));

    /// <summary>The answer's leading direct-answer line when it is a bare name ("Islamic State [1].").</summary>
    private static string? DirectAnswer(string answer)
    {
        var firstLine = MarkerRegex().Replace(answer.Split('\n')[0], string.Empty).Trim().TrimEnd('.').Trim();
        return NameRunRegex().Match(firstLine) is { Success: true } whole && whole.Value == firstLine ? firstLine : null;
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        var at = text.IndexOf(oldValue, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }

    [GeneratedRegex(@"\b(?:in|at|on|for|from|of|to|against|by)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrepositionBeforeRegex();

    [GeneratedRegex(@"^(?:State|Group|Army|Front|Council|Party|Province|Agency|Service|Services|Company|Committee|Ministry|Government|Movement|Network|Brigade|Organi[sz]ation|Times|News|Institute|Center|Centre|University|Hall|City|Street|Square|Airport|Church|Cathedral|Embassy|Station|Museum|Theatre|Theater|Arena|Stadium|Republic|Kingdom|Union|States|Press|Post|Journal)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationWordRegex();

    [GeneratedRegex(@"\s*\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^(?:and\s+)?(?:what|how)\s+about\s+(?<topic>.+)$|^and\s+(?<topic>(?:in|for|on|at)\s+.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EllipsisRegex();

    [GeneratedRegex(@"\b(?:he|him|his|she|her|hers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PersonPronounRegex();

    [GeneratedRegex(@"\b(?:it|its|the group|this group|that group|the organi[sz]ation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThingPronounRegex();

    [GeneratedRegex(@"\b(?:they|them|their|theirs)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PluralPronounRegex();

    // "the suspects", "the four gunmen": what "they/them" most likely means.
    [GeneratedRegex(@"\bthe\s+(?:\w+\s+)?\w+s\b(?=\s|\?|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PluralPhraseRegex();

    // Locative "there" only ("died there"), not the existential "were there".
    [GeneratedRegex(@"(?<!\b(?:is|are|was|were|be|been)\s)\bthere\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThereRegex();

    [GeneratedRegex(@"\b[A-Z][\p{L}’'-]*[\p{L}](?:[ -][A-Z][\p{L}’'-]*[\p{L}])*", RegexOptions.CultureInvariant)]
    private static partial Regex NameRunRegex();
}
