using System.Text.RegularExpressions;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// What the reader needs to know about a question: the kind of thing it asks for, its content terms, and its specific
/// terms (names, numbers and years: the words an answering passage must also contain). General English only.
/// </summary>
/// <param name="Text">The question.</param>
/// <param name="Type">The kind of thing asked for.</param>
/// <param name="Terms">Distinct content terms (stemmed), in question order.</param>
/// <param name="SpecificTerms">Terms of the names, numbers and years the question mentions.</param>
/// <param name="FocusTerms">For a quantity, the terms of what is counted ("how many people" → people); else empty.</param>
/// <param name="Tokens">Lower-case tokens of the question, so an answer does not merely echo it.</param>
internal sealed partial record QuestionProfile(
    string Text,
    AnswerType Type,
    IReadOnlyList<string> Terms,
    IReadOnlySet<string> SpecificTerms,
    IReadOnlyList<string> FocusTerms,
    IReadOnlySet<string> Tokens)
{
    // Earliest match wins: "Who was in charge when …" asks for a name, "When did the man who …" for a date.
    private static readonly (Regex Pattern, AnswerType Type)[] Cues =
    [
        (AgeRegex(), AnswerType.Age),
        (QuantityRegex(), AnswerType.Quantity),
        (DateRegex(), AnswerType.Date),
        (PlaceRegex(), AnswerType.Place),
        (NameRegex(), AnswerType.Name),
        (WhichRegex(), AnswerType.Name),
    ];

    /// <summary>Profiles <paramref name="question"/>.</summary>
    public static QuestionProfile Create(string question, TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(analyzer);
        var lower = question.Trim().ToLowerInvariant();
        var type = AnswerType.None;
        var at = int.MaxValue;
        Match? cue = null;
        foreach (var (pattern, kind) in Cues)
        {
            var match = pattern.Match(lower);
            if (match.Success && match.Index < at)
            {
                at = match.Index;
                type = kind;
                cue = match;
            }
        }

        var focus = new List<string>();
        if (type == AnswerType.Quantity && cue is not null)
        {
            var tail = lower[(cue.Index + cue.Length)..];
            focus.AddRange(analyzer.Terms(string.Join(' ', tail.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2))));
        }

        var terms = analyzer.Terms(question).Distinct(StringComparer.Ordinal).ToList();
        var specific = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in SpecificWordRegex().Matches(question))
        {
            if (m.Index == 0 && !char.IsDigit(m.Value[0]) && !HasInnerCapital(m.Value))
            {
                // The first word of a question is capitalised whatever it is.
                continue;
            }

            specific.UnionWith(analyzer.Terms(m.Value));
        }

        if (type == AnswerType.Name && NameOnly(question, lower, analyzer))
        {
            // "Who is Ada Lovelace?" asks what the passages say of her, not for another name.
            type = AnswerType.None;
        }

        return new QuestionProfile(question, type, terms, specific, focus, analyzer.Tokenize(question).ToHashSet(StringComparer.Ordinal));
    }

    // "Who was X?" where X is only a name: every word after the verb is capitalised, a number or a stopword.
    private static bool NameOnly(string question, string lower, TermAnalyzer analyzer)
    {
        var opening = BeVerbOpening().Match(lower);
        if (!opening.Success)
        {
            return false;
        }

        var named = false;
        foreach (Match word in WordRegex().Matches(question, opening.Length))
        {
            var token = word.Value;
            if (char.IsUpper(token[0]) || char.IsDigit(token[0]) || HasInnerCapital(token))
            {
                named = true;
            }
            else if (!analyzer.IsStopword(token.ToLowerInvariant()))
            {
                return false;
            }
        }

        return named;
    }

    private static bool HasInnerCapital(string word) => word.Skip(1).Any(char.IsUpper);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}’'.-]*", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"^who (?:is|was|are|were)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BeVerbOpening();

    [GeneratedRegex(@"\bhow old\b|\bwhat age\b|\bat what age\b|\bwhat was (?:the|his|her|their) age\b|\bhow young\b", RegexOptions.CultureInvariant)]
    private static partial Regex AgeRegex();

    [GeneratedRegex(@"\bhow (?:many|much|large|big|long|far|high|tall|often)\b|\b(?:what|which) (?:is |was |were |are )?(?:the )?(?:[\p{L}-]+ )?(?:number|total|toll|count|amount|percentage|proportion|share|population|capacity|size|sum|figure|price|cost)\b", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityRegex();

    [GeneratedRegex(@"^when\b|\bwhen (?:did|was|were|is|are|does|do|had|has|will)\b|\b(?:what|which) (?:year|years|date|day|month|decade|century|time|period|era)\b|\bsince when\b|\bhow long ago\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^where\b|\bwhere (?:did|was|were|is|are|does|do|had|has|will)\b|\b(?:what|which) (?:is |was |were |are )?(?:the )?(?:[\p{L}-]+ )?(?:country|countries|city|cities|town|region|province|state|place|area|village|capital|continent|island|river|location|nation|territory|border|site|venue|district)\b|\bfrom where\b", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceRegex();

    [GeneratedRegex(@"^who\b|\bwho (?:is|was|were|are|did|does|do|had|has|will|led|leads|founded|claimed|carried|ordered|said|wrote)\b|\bwhom\b|\bwhose\b|\b(?:what|which) (?:is |was |were |are )?(?:the )?(?:[\p{L}-]+ )?(?:person|people|man|woman|men|women|group|groups|organi[sz]ation|company|band|leader|leaders|king|queen|ruler|emperor|pope|duke|president|party|team|agency|official|officials|author|family|dynasty|tribe|faction|individual|commander|general|minister)\b|\bname (?:of )?the (?:person|man|woman|leader|group)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    // "Which suspect …", "what is X called", "the name of …": a named thing, once the kinds above are ruled out.
    [GeneratedRegex(@"\bwhich\b|\bname[sd]? (?:of|for)\b|\bwhat (?:is|was|are|were) [^?]* (?:called|named|known as)\b|\bwhat (?:is|was) (?:the|its|his|her|their) name\b", RegexOptions.CultureInvariant)]
    private static partial Regex WhichRegex();

    // Capitalised words, words with an inner capital ("ACME-K", "al-Andalus") and numbers.
    [GeneratedRegex(@"\b(?:[A-Z][\p{L}\p{N}’'.-]*|[\p{Ll}]+-[A-Z][\p{L}]*|\d[\d,.]*)", RegexOptions.CultureInvariant)]
    private static partial Regex SpecificWordRegex();
}
