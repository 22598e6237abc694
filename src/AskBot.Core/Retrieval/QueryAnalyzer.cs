using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Turns a question into query clauses against one index: content terms, corpus-mined alias groups (a name in
/// any of its spellings becomes the group's single term, so variants retrieve alike), acronyms spelled out
/// by initials, and Lucene-style fuzzy matches for words the corpus does not contain. Pure given the index.
/// </summary>
internal sealed class QueryAnalyzer
{
    // Fuzzy guesses count less than words the user typed correctly.
    private const double FuzzyWeight = 0.8;
    private const int MaxFuzzyExpansions = 3;

    private readonly TermAnalyzer analyzer;

    public QueryAnalyzer(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>Analyzes <paramref name="query"/> against the vocabulary and aliases of an index.</summary>
    public AnalyzedQuery Analyze(string query, Bm25Index lexical, AliasTable aliases)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(aliases);

        var tokens = this.analyzer.Tokenize(query);
        var partOf = CompoundParts(tokens);
        var content = new List<(string Token, string Term, int TokenIndex)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!this.analyzer.IsStopword(tokens[i]))
            {
                content.Add((tokens[i], this.analyzer.Stem(tokens[i]), i));
            }
        }

        var terms = content.Select(c => c.Term).ToList();
        var group = new int?[content.Count];
        foreach (var match in aliases.FindMatches(terms))
        {
            for (var j = match.Start; j < match.Start + match.Length; j++)
            {
                group[j] = match.Group;
            }
        }

        MatchSpelledOutNames(content, group, aliases);

        var singleForms = aliases.SingleTermForms().GroupBy(f => f.Term, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Group, StringComparer.Ordinal);
        var fuzzy = new IReadOnlyList<string>?[content.Count];
        for (var j = 0; j < content.Count; j++)
        {
            var term = content[j].Term;
            if (group[j] is not null || partOf[content[j].TokenIndex] >= 0)
            {
                continue;
            }

            // A near-miss of an acronym the corpus defines ("NATA" for "NATO") is taken as that name, even
            // when the near-miss itself occurs somewhere in the corpus.
            var maxEdits = FuzzyTermMatcher.MaxEdits(term.Length);
            var nearAlias = maxEdits == 0 || term.Any(char.IsDigit)
                ? null
                : singleForms.Keys.Order(StringComparer.Ordinal).FirstOrDefault(f => FuzzyTermMatcher.Distance(term, f, maxEdits) <= maxEdits);
            if (nearAlias is not null)
            {
                group[j] = singleForms[nearAlias];
                continue;
            }

            if (!lexical.Contains(term))
            {
                fuzzy[j] = FuzzyTermMatcher.Matches(term, lexical.PlainVocabulary).Take(MaxFuzzyExpansions).ToList();
                var fuzzyAlias = fuzzy[j]!.FirstOrDefault(singleForms.ContainsKey);
                if (fuzzyAlias is not null)
                {
                    group[j] = singleForms[fuzzyAlias];
                }
            }
        }

        // Parts of a joined name ("acme" and "k" of "acmek") are redundant once the name resolved to a group.
        var groupedTokens = new HashSet<int>(Enumerable.Range(0, content.Count).Where(j => group[j] is not null).Select(j => content[j].TokenIndex));
        var clauses = new List<QueryClause>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<int>();
        var vectorWords = new List<string>();
        for (var j = 0; j < content.Count; j++)
        {
            var parent = partOf[content[j].TokenIndex];
            if (group[j] is null && parent >= 0 && groupedTokens.Contains(parent))
            {
                continue;
            }

            if (group[j] is int g)
            {
                if (!groups.Contains(g))
                {
                    groups.Add(g);
                    clauses.Add(new QueryClause([AliasTable.GroupTerm(g)]));
                    vectorWords.AddRange(CanonicalForm(aliases.FormsOf(g), lexical));
                }

                continue;
            }

            var term = content[j].Term;
            vectorWords.Add(content[j].Token);
            if (lexical.Contains(term))
            {
                if (seen.Add(term))
                {
                    clauses.Add(new QueryClause([term]));
                }
            }
            else if (fuzzy[j] is { Count: > 0 } matches && seen.Add("~fuzzy:" + term))
            {
                clauses.Add(new QueryClause(matches, FuzzyWeight));
            }
        }

        return new AnalyzedQuery(clauses, string.Join(' ', vectorWords), groups);
    }

    // Every spelling of a name embeds as its most common form in the corpus, so variants get one vector
    // and the name does not outweigh the rest of the question.
    private static IReadOnlyList<string> CanonicalForm(IReadOnlyList<IReadOnlyList<string>> forms, Bm25Index lexical)
        => forms.OrderByDescending(f => f.Min(lexical.DocumentFrequency)).ThenBy(f => f.Count).First();

    // For each token, the index of the joined token it is a part of ("acme", "k" → "acmek"), or -1.
    private static int[] CompoundParts(IReadOnlyList<string> tokens)
    {
        var partOf = Enumerable.Repeat(-1, tokens.Count).ToArray();
        for (var i = 0; i < tokens.Count; i++)
        {
            for (var n = 2; n <= 4 && i - n >= 0; n++)
            {
                var joined = string.Concat(Enumerable.Range(i - n, n).Select(k => tokens[k]));
                if (string.Equals(joined, tokens[i], StringComparison.Ordinal))
                {
                    for (var k = i - n; k < i; k++)
                    {
                        partOf[k] = i;
                    }

                    break;
                }
            }
        }

        return partOf;
    }

    // A name written out in words matches a group when its initials are one of the group's acronyms and it
    // shares words with the group's long forms ("North Atlantic Treaty Organization" → "nato"), or when it is a
    // long form with words left out, same first and last word ("North Treaty Organization" in "North Atlantic
    // Treaty Organization").
    private static void MatchSpelledOutNames(List<(string Token, string Term, int TokenIndex)> content, int?[] group, AliasTable aliases)
    {
        if (aliases.Count == 0)
        {
            return;
        }

        var acronyms = aliases.SingleTermForms().ToLookup(f => f.Term, f => f.Group, StringComparer.Ordinal);
        for (var length = Math.Min(8, content.Count); length >= 2; length--)
        {
            for (var start = 0; start + length <= content.Count; start++)
            {
                if (Enumerable.Range(start, length).Any(j => group[j] is not null))
                {
                    continue;
                }

                var run = content.GetRange(start, length);
                var initials = string.Concat(run.Select(c => c.Token[0]));
                var runTerms = run.Select(c => c.Term).ToList();
                int? found = null;
                foreach (var g in acronyms[initials])
                {
                    var longTerms = aliases.FormsOf(g).Where(f => f.Count > 1).SelectMany(f => f).ToHashSet(StringComparer.Ordinal);
                    if (runTerms.Count(longTerms.Contains) * 2 >= runTerms.Count)
                    {
                        found = g;
                        break;
                    }
                }

                for (var g = 0; found is null && g < aliases.Count; g++)
                {
                    if (aliases.FormsOf(g).Any(f => f.Count > length && IsAbridgement(runTerms, f)))
                    {
                        found = g;
                    }
                }

                if (found is not null)
                {
                    for (var j = start; j < start + length; j++)
                    {
                        group[j] = found;
                    }
                }
            }
        }
    }

    private static bool IsAbridgement(List<string> run, IReadOnlyList<string> form)
    {
        if (!string.Equals(run[0], form[0], StringComparison.Ordinal) || !string.Equals(run[^1], form[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var i = 0;
        foreach (var term in form)
        {
            if (i < run.Count && string.Equals(run[i], term, StringComparison.Ordinal))
            {
                i++;
            }
        }

        return i == run.Count;
    }
}
