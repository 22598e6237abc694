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

        var person = last.Refused ? null : FirstName(last.Answer) ?? FirstName(last.StandaloneQuestion);
        // After "Who …?", "it/they" is the one the answer named ("Who claimed the attack?" → "Where is it based?").
        var askedWho = last.StandaloneQuestion.TrimStart().StartsWith("who", StringComparison.OrdinalIgnoreCase);
        var answered = last.Refused ? null : DirectAnswer(last.Answer);
        var thing = (askedWho && answered is not null && !LooksLikePerson(answered) ? answered : null) ?? Subject(last.StandaloneQuestion) ?? answered;
        var rewritten = PersonPronounRegex().Replace(question, m => person is null ? m.Value : Substitute(m.Value, person));
        rewritten = ThingPronounRegex().Replace(rewritten, m => thing is null ? m.Value : Substitute(m.Value, thing));
        return rewritten;
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
        !name.Split(' ', '-').Any(w => (w.Length > 1 && w.All(char.IsUpper)) || OrganisationWordRegex().IsMatch(w));

    /// <summary>The answer's leading direct-answer line when it is a bare name ("Islamic State [1].").</summary>
    private static string? DirectAnswer(string answer)
    {
        var firstLine = MarkerRegex().Replace(answer.Split('\n')[0], string.Empty).Trim().TrimEnd('.').Trim();
        return NameRunRegex().Match(firstLine) is { Success: true } whole && whole.Value == firstLine ? firstLine : null;
    }

    /// <summary>The first multi-word capitalised name in a text (a person, usually).</summary>
    private static string? FirstName(string text)
    {
        // A direct answer line ("Sanaullah Ghafari [1].") is the name itself.
        var firstLine = MarkerRegex().Replace(text.Split('\n')[0], string.Empty).Trim().TrimEnd('.').Trim();
        if (NameRunRegex().Match(firstLine) is { Success: true } whole && whole.Value == firstLine)
        {
            return firstLine;
        }

        foreach (Match m in NameRunRegex().Matches(text))
        {
            var atSentenceStart = m.Index == 0 || text[..m.Index].TrimEnd().EndsWith('.') || text[m.Index - 1] == '\n';
            if (m.Value.Contains(' ', StringComparison.Ordinal) && !atSentenceStart)
            {
                return m.Value;
            }
        }

        return null;
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        var at = text.IndexOf(oldValue, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }

    [GeneratedRegex(@"\b(?:in|at|on|for|from|of|to|against|by)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrepositionBeforeRegex();

    [GeneratedRegex(@"^(?:State|Group|Army|Front|Council|Party|Province|Agency|Service|Services|Company|Committee|Ministry|Government|Movement|Network|Brigade|Organi[sz]ation|Times|News|Institute|Center|Centre)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationWordRegex();

    [GeneratedRegex(@"\s*\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^(?:and\s+)?(?:what|how)\s+about\s+(?<topic>.+)$|^and\s+(?<topic>(?:in|for|on|at)\s+.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EllipsisRegex();

    [GeneratedRegex(@"\b(?:he|him|his|she|her|hers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PersonPronounRegex();

    [GeneratedRegex(@"\b(?:it|its|they|them|their|theirs|the group|this group|that group|the organi[sz]ation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThingPronounRegex();

    [GeneratedRegex(@"\b[A-Z][\p{L}’'-]*[\p{L}](?:[ -][A-Z][\p{L}’'-]*[\p{L}])*", RegexOptions.CultureInvariant)]
    private static partial Regex NameRunRegex();
}
