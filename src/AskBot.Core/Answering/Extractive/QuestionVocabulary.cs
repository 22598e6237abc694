using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Extractive;

/// <summary>
/// Decides what "the same word" means when matching a question against source sentences, with the same
/// knowledge the retriever uses (mined name aliases, fuzzy corrections) plus a few general English word
/// families whose members news text uses interchangeably (killed/died/death toll, injured/wounded).
/// </summary>
public sealed class QuestionVocabulary
{
    private readonly TermAnalyzer analyzer;
    private readonly QueryAnalyzer queryAnalyzer;
    private readonly WordFamilies families;

    public QuestionVocabulary(TermAnalyzer analyzer, QueryAnalyzer queryAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(queryAnalyzer);
        this.analyzer = analyzer;
        this.queryAnalyzer = queryAnalyzer;
        this.families = new WordFamilies(analyzer);
    }

    /// <summary>The question's clauses against <paramref name="index"/>.</summary>
    public IReadOnlyList<QuestionClause> Clauses(string question, CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(index);
        var capitalised = this.CapitalisedTerms(question);
        var clauses = new List<QuestionClause>();
        foreach (var clause in this.queryAnalyzer.Analyze(question, index.Lexical, index.Aliases).Clauses)
        {
            var terms = new HashSet<string>(StringComparer.Ordinal);
            foreach (var term in clause.Terms)
            {
                terms.UnionWith(this.families.Of(term));
            }

            var isName = clause.Terms.Any(t => AliasTable.IsGroupTerm(t) || capitalised.Contains(t));

            // A name is not spell-corrected into another name ("Australia" is not "Austria"); spelling
            // variants of names the corpus defines are found through the mined aliases instead.
            var misspeltName = isName ? null : capitalised.FirstOrDefault(c => !index.Lexical.Contains(c)
                && clause.Terms.All(t => FuzzyTermMatcher.Distance(c, t, FuzzyTermMatcher.MaxEdits(c.Length)) <= FuzzyTermMatcher.MaxEdits(c.Length)));
            clauses.Add(misspeltName is null
                ? new QuestionClause(terms, isName)
                : new QuestionClause(new HashSet<string>(StringComparer.Ordinal) { misspeltName }, IsName: true));
        }

        // A question word the corpus never uses (and that is no spelling of a known name) still has to be
        // answered: it stays a clause that nothing matches, so "the population of Moscow" is not answered
        // by any sentence that merely mentions Moscow.
        var questionTerms = this.analyzer.Terms(question);
        var inAliases = index.Aliases.FindMatches(questionTerms)
            .SelectMany(m => Enumerable.Range(m.Start, m.Length))
            .ToHashSet();
        for (var i = 0; i < questionTerms.Count; i++)
        {
            var term = questionTerms[i];
            var known = inAliases.Contains(i)
                || index.Lexical.Contains(term)
                || clauses.Any(c => c.Terms.Contains(term) || c.Terms.Any(t => FuzzyTermMatcher.Distance(term, t, FuzzyTermMatcher.MaxEdits(term.Length)) <= FuzzyTermMatcher.MaxEdits(term.Length)));
            if (!known && term.Length > 1)
            {
                clauses.Add(new QuestionClause(new HashSet<string>(StringComparer.Ordinal) { term }, capitalised.Contains(term)));
            }
        }

        return MergeNames(clauses, this.NameRuns(question));
    }

    /// <summary>A term with the members of its word family.</summary>
    public IReadOnlySet<string> Family(string term) => this.families.Of(term);

    /// <summary>Terms of a sentence or passage, with the alias-group term of every name spelling it contains.</summary>
    public IReadOnlySet<string> TermsOf(string text, CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(index);
        return index.Aliases.Annotate(this.analyzer.Terms(text)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// A multi-word name ("Crocus City Hall") is one thing the question asks about: its words become one
    /// clause, so a name does not outweigh what is asked about it.
    /// </summary>
    private static List<QuestionClause> MergeNames(List<QuestionClause> clauses, List<HashSet<string>> runs)
    {
        var merged = new List<QuestionClause>();
        var taken = new HashSet<int>();
        for (var i = 0; i < clauses.Count; i++)
        {
            if (taken.Contains(i))
            {
                continue;
            }

            var run = runs.FirstOrDefault(r => r.Count > 1 && clauses[i].Terms.Overlaps(r));
            if (run is null)
            {
                merged.Add(clauses[i]);
                continue;
            }

            var terms = new HashSet<string>(clauses[i].Terms, StringComparer.Ordinal);
            for (var j = i + 1; j < clauses.Count; j++)
            {
                if (!taken.Contains(j) && clauses[j].Terms.Overlaps(run))
                {
                    terms.UnionWith(clauses[j].Terms);
                    taken.Add(j);
                }
            }

            merged.Add(new QuestionClause(terms, IsName: true));
        }

        return merged;
    }

    // Runs of consecutive capitalised words after the first word, as term sets.
    private List<HashSet<string>> NameRuns(string question)
    {
        var runs = new List<HashSet<string>>();
        HashSet<string>? current = null;
        foreach (var word in question.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var capitalised = char.IsUpper(word[0]);
            if (capitalised)
            {
                current ??= new HashSet<string>(StringComparer.Ordinal);
                current.UnionWith(this.analyzer.Terms(word));
            }

            if (!capitalised || word.EndsWith(',') || word.EndsWith('?') || word.EndsWith('.'))
            {
                if (current is { Count: > 0 })
                {
                    runs.Add(current);
                }

                current = null;
            }
        }

        if (current is { Count: > 0 })
        {
            runs.Add(current);
        }

        return runs;
    }

    // Capitalised words after the first one are names in a normally written question.
    private HashSet<string> CapitalisedTerms(string question)
    {
        var words = question.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words.Skip(1).Where(w => w.Length > 0 && char.IsUpper(w[0])))
        {
            terms.UnionWith(this.analyzer.Terms(word));
        }

        return terms;
    }
}
