using System.Collections.Concurrent;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Analyses text through a memo of each distinct whitespace-separated word's terms and vocabulary ids: tokenising and
/// stemming were most of the per-chunk analysis, and a corpus has far fewer distinct words than word occurrences.
/// Used while <see cref="SentenceTermCache"/> is built; it assumes one <see cref="TermAnalyzer"/> and index. Thread-safe.
/// </summary>
internal sealed class WordTermMemo
{
    // Bounds the memo (a corpus's distinct words, punctuation attached, are far fewer; past this, words are analysed
    // without being remembered).
    private const int MaxWords = 1 << 20;

    private readonly ConcurrentDictionary<string, TokenTerm> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WordTerms> words = new(StringComparer.Ordinal);
    private int wordCount;

    /// <summary>
    /// Appends the terms of <c>TermAnalyzer.Terms(text[start..end])</c> to <paramref name="terms"/> and their
    /// vocabulary ids (known ones only) to <paramref name="ids"/>, analysing each whitespace-separated word once.
    /// Exact because the analyzer is local to such words: its normalisation works character by character
    /// (whitespace stays a separator) and a token never spans whitespace. Without <paramref name="lexical"/> (while the
    /// index that gives the ids is being built) every id is −1; a memo is used with one index or none, never both.
    /// </summary>
    public void AnalyzeInto(string text, int start, int end, TermAnalyzer analyzer, Bm25Index? lexical, List<string>? terms, List<int>? ids)
    {
        var lookup = this.words.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = text.AsSpan(start, end - start);
        var i = 0;
        while (i < span.Length)
        {
            if (char.IsWhiteSpace(span[i]))
            {
                i++;
                continue;
            }

            var first = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            var word = span[first..i];
            if (!lookup.TryGetValue(word, out var analysed))
            {
                var key = word.ToString();
                analysed = this.AnalyzeWord(key, analyzer, lexical);
                if (Interlocked.Increment(ref this.wordCount) <= MaxWords)
                {
                    this.words.TryAdd(key, analysed);
                }
            }

            terms?.AddRange(analysed.Terms);
            if (ids is not null)
            {
                foreach (var id in analysed.Ids)
                {
                    if (id >= 0)
                    {
                        ids.Add(id);
                    }
                }
            }
        }
    }

    // What TermAnalyzer.Terms makes of one token (null for a stopword, else its stem) and the stem's id in the index
    // (−1 when not indexed), computed once per distinct token.
    private TokenTerm Analyze(string token, TermAnalyzer analyzer, Bm25Index? lexical)
        => this.tokens.GetOrAdd(
            token,
            static (t, state) =>
            {
                if (state.Analyzer.IsStopword(t))
                {
                    return TokenTerm.Stopword;
                }

                var stem = state.Analyzer.Stem(t);
                return new TokenTerm(stem, state.Lexical is not null && state.Lexical.TryGetTermId(stem, out var id) ? id : -1);
            },
            (Analyzer: analyzer, Lexical: lexical));

    private WordTerms AnalyzeWord(string word, TermAnalyzer analyzer, Bm25Index? lexical)
    {
        var terms = new List<string>();
        var ids = new List<int>();
        foreach (var token in analyzer.Tokenize(word))
        {
            var analysed = this.Analyze(token, analyzer, lexical);
            if (analysed.Term is not null)
            {
                terms.Add(analysed.Term);
                ids.Add(analysed.Id);
            }
        }

        return new WordTerms([.. terms], [.. ids]);
    }

    private sealed record TokenTerm(string? Term, int Id)
    {
        public static TokenTerm Stopword { get; } = new(null, -1);
    }

    // A word's terms in order, with their vocabulary ids (−1 when not indexed).
    private sealed record WordTerms(string[] Terms, int[] Ids);
}
