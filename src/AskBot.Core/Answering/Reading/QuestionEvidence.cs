using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// A question's terms weighed against the corpus, for measuring how much of the question a sentence or passage covers.
/// A term is weighted by its corpus IDF (what every passage says is no evidence); a term of a name the corpus spells
/// several ways (mined aliases) counts as present when any spelling is.
/// </summary>
internal sealed class QuestionEvidence
{
    private readonly TermAnalyzer analyzer;
    private readonly AliasTable aliases;
    private readonly (string Term, string? Group, double Idf)[] terms;
    private readonly (string Term, string? Group)[] specific;
    private readonly HashSet<string> questionTerms;
    private readonly HashSet<string> groups;
    private readonly double idfTotal;

    public QuestionEvidence(QuestionProfile profile, CorpusIndex index, TermAnalyzer analyzer)
    {
        this.Profile = profile;
        this.analyzer = analyzer;
        this.aliases = index.Aliases;
        var all = analyzer.Terms(profile.Text);
        var groups = new string?[all.Count];
        foreach (var match in index.Aliases.FindMatches(all))
        {
            for (var i = match.Start; i < match.Start + match.Length; i++)
            {
                groups[i] = AliasTable.GroupTerm(match.Group);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var weighted = new List<(string, string?, double)>();
        var unknown = 0.0;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Length < 2 || !seen.Add(all[i]))
            {
                continue;
            }

            var frequency = index.Lexical.DocumentFrequency(all[i]);
            var idf = index.Lexical.Idf(frequency);
            weighted.Add((all[i], groups[i], idf));
            if (frequency == 0 && groups[i] is null)
            {
                unknown += idf;
            }
        }

        this.terms = [.. weighted];
        this.idfTotal = this.terms.Sum(t => t.Idf);
        this.UnknownShare = this.idfTotal > 0 ? unknown / this.idfTotal : 0;
        this.questionTerms = all.ToHashSet(StringComparer.Ordinal);
        this.groups = groups.OfType<string>().ToHashSet(StringComparer.Ordinal);
        this.specific = this.terms.Where(t => profile.SpecificTerms.Contains(t.Term)).Select(t => (t.Term, t.Group)).ToArray();
    }

    public QuestionProfile Profile { get; }

    /// <summary>IDF-weighted share of the question's terms that the corpus never uses.</summary>
    public double UnknownShare { get; }

    /// <summary>A text's terms with the group term of every name spelling it contains.</summary>
    public HashSet<string> TermSet(string text) => this.aliases.Annotate(this.analyzer.Terms(text)).ToHashSet(StringComparer.Ordinal);

    /// <summary>IDF-weighted share of the question's terms in <paramref name="set"/>.</summary>
    public double TermShare(IReadOnlySet<string> set)
    {
        if (this.idfTotal <= 0)
        {
            return 0;
        }

        var covered = 0.0;
        foreach (var (term, group, idf) in this.terms)
        {
            if (set.Contains(term) || (group is not null && set.Contains(group)))
            {
                covered += idf;
            }
        }

        return covered / this.idfTotal;
    }

    /// <summary>Share of the question's specific terms in <paramref name="set"/> (1 when the question has none).</summary>
    public double SpecificShare(IReadOnlySet<string> set) =>
        this.specific.Length == 0 ? 1 : (double)this.specific.Count(s => Covers(set, s)) / this.specific.Length;

    /// <summary>The question's specific terms found in <paramref name="set"/>.</summary>
    public IEnumerable<string> SpecificFound(IReadOnlySet<string> set) => this.specific.Where(s => Covers(set, s)).Select(s => s.Term);

    /// <summary>Share of the sentence's distinct terms that the question does not contain.</summary>
    public double Novelty(IReadOnlySet<string> sentenceTerms)
    {
        var plain = sentenceTerms.Where(t => !AliasTable.IsGroupTerm(t)).ToList();
        return plain.Count == 0 ? 0 : (double)plain.Count(t => !this.questionTerms.Contains(t)) / plain.Count;
    }

    /// <summary>
    /// True when <paramref name="sentence"/> states a thing of the asked kind that the question does not already name; for
    /// a quantity or an age, next to a word of the question.
    /// </summary>
    public bool StatesAskedType(string sentence)
    {
        var type = this.Profile.Type;
        if (type is AnswerType.Quantity or AnswerType.Age)
        {
            // A figure answers how many only when it counts what was asked ("6,200-capacity", not "three men").
            return this.GivesFigureOfAsked(sentence);
        }

        // Another spelling of what the question asks about is no answer to it.
        return EntityFinder.Find(sentence).Any(span => span.Type == type && !this.Echoes(span.Text));
    }

    /// <summary>True when the sentence gives a figure (or age) within two words of a term of the question (what it counts).</summary>
    public bool GivesFigureOfAsked(string sentence)
    {
        if (this.Profile.Type is not (AnswerType.Quantity or AnswerType.Age))
        {
            return false;
        }

        foreach (var span in EntityFinder.Find(sentence))
        {
            if (span.Type is not (AnswerType.Quantity or AnswerType.Age) || this.Echoes(span.Text))
            {
                continue;
            }

            var after = string.Join(' ', sentence[span.End..].Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Take(3));
            var before = string.Join(' ', sentence[..span.Start].Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).TakeLast(2));
            if (this.analyzer.Terms(after + " " + before).Any(t => this.questionTerms.Contains(t)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The alias groups of the names the question spells (mined aliases: "NATO" and "North Atlantic Treaty Organization" are one).</summary>
    public IReadOnlySet<string> Groups => this.groups;

    /// <summary>True when <paramref name="text"/> only repeats the question: every word is in it, or it is another spelling of a name it asks about.</summary>
    public bool Echoes(string text) => Echoes(text, this.Profile, this.groups, this.aliases, this.analyzer);

    /// <summary>The same test without a <see cref="QuestionEvidence"/>.</summary>
    public static bool Echoes(string text, QuestionProfile profile, IReadOnlySet<string> groups, AliasTable aliases, TermAnalyzer analyzer)
    {
        if (analyzer.Tokenize(text).All(profile.Tokens.Contains))
        {
            return true;
        }

        return groups.Count > 0 && aliases.Annotate(analyzer.Terms(text)).Any(groups.Contains);
    }

    private static bool Covers(IReadOnlySet<string> set, (string Term, string? Group) specific) =>
        set.Contains(specific.Term) || (specific.Group is not null && set.Contains(specific.Group));
}
