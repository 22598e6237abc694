using System.Collections.Concurrent;
using AskBot.Core.Text;

namespace AskBot.Core.Retrieval;

/// <summary>
/// Per-chunk analysis kept for the life of the index, computed the first time a query needs it: each chunk's
/// sentences as sorted sets of vocabulary term ids (for the proximity re-rank), and the chunk's distinct terms (for
/// the result selector's duplicate check). Re-analysing the texts of every candidate (stemming, Unicode folding) on
/// every query was most of a query's time; ids keep the sentence entries small (a few hundred bytes per chunk), and
/// only chunks that reach the final selection get a term set. The first analysis of a chunk is itself sped up by
/// remembering each distinct whitespace-separated word's terms and vocabulary ids (tokenising and stemming were most
/// of it; a corpus has far fewer distinct words than word occurrences). All of it assumes the one <see cref="TermAnalyzer"/> and index the cache belongs to.
/// Thread-safe: racing queries may analyse a chunk twice, and either result is kept.
/// </summary>
public sealed class SentenceTermCache
{
    // Bounds the word memo (a corpus's distinct words, punctuation attached, are far fewer; past this, words are
    // analysed without being remembered).
    private const int MaxWords = 1 << 20;

    private readonly Entry?[] entries;
    private readonly TermsEntry?[] chunkTerms;
    private readonly ConcurrentDictionary<string, TokenTerm> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WordTerms> words = new(StringComparer.Ordinal);
    private int wordCount;

    public SentenceTermCache(int chunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        this.entries = new Entry?[chunkCount];
        this.chunkTerms = new TermsEntry?[chunkCount];
    }

    /// <summary>The cached sentence id sets of <paramref name="chunk"/>, computed by <paramref name="analyze"/> on first use.</summary>
    internal int[][] GetOrAdd(int chunk, Func<int[][]> analyze)
    {
        var entry = Volatile.Read(ref this.entries[chunk]);
        if (entry is null)
        {
            entry = new Entry(analyze());
            entry = Interlocked.CompareExchange(ref this.entries[chunk], entry, null) ?? entry;
        }

        return entry.Sentences;
    }

    /// <summary>The cached distinct terms of <paramref name="chunk"/> (ordinal order), computed by <paramref name="analyze"/> on first use.</summary>
    internal string[] GetOrAddTerms(int chunk, Func<string[]> analyze)
    {
        var entry = Volatile.Read(ref this.chunkTerms[chunk]);
        if (entry is null)
        {
            entry = new TermsEntry(analyze());
            entry = Interlocked.CompareExchange(ref this.chunkTerms[chunk], entry, null) ?? entry;
        }

        return entry.Terms;
    }

    /// <summary>
    /// What <see cref="TermAnalyzer.Terms"/> makes of one token (null for a stopword, else its stem) and the stem's
    /// id in <paramref name="lexical"/> (−1 when not indexed), computed once per distinct token.
    /// </summary>
    internal TokenTerm Analyze(string token, TermAnalyzer analyzer, Bm25Index lexical)
        => this.tokens.GetOrAdd(
            token,
            static (t, state) =>
            {
                if (state.Analyzer.IsStopword(t))
                {
                    return TokenTerm.Stopword;
                }

                var stem = state.Analyzer.Stem(t);
                return new TokenTerm(stem, state.Lexical.TryGetTermId(stem, out var id) ? id : -1);
            },
            (Analyzer: analyzer, Lexical: lexical));

    /// <summary>
    /// Appends the terms of <c>TermAnalyzer.Terms(text[start..end])</c> to <paramref name="terms"/> and their
    /// vocabulary ids (known ones only) to <paramref name="ids"/>, analysing each whitespace-separated word once per
    /// index. Exact because the analyzer is local to such words: its normalisation works character by character
    /// (whitespace stays a separator) and a token never spans whitespace.
    /// </summary>
    internal void AnalyzeInto(string text, int start, int end, TermAnalyzer analyzer, Bm25Index lexical, List<string>? terms, List<int>? ids)
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

    private WordTerms AnalyzeWord(string word, TermAnalyzer analyzer, Bm25Index lexical)
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

    /// <summary>A token's analysed term and its vocabulary id.</summary>
    internal sealed record TokenTerm(string? Term, int Id)
    {
        public static TokenTerm Stopword { get; } = new(null, -1);
    }

    // A word's terms in order, with their vocabulary ids (−1 when not indexed).
    private sealed record WordTerms(string[] Terms, int[] Ids);

    private sealed record Entry(int[][] Sentences);

    private sealed record TermsEntry(string[] Terms);
}
