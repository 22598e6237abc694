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
            clauses.Add(new QuestionClause(terms, isName));
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

        return clauses;
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
