using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Citations;

/// <summary>
/// Turns the <c>[n]</c> markers of a generated answer into citations of verbatim spans of the seed files:
/// each cited number is mapped to the source passage it was given as, the quoted span is the passage
/// sentence(s) the claim was taken from, citations to sources that don't exist are dropped, and the
/// remaining ones are renumbered from [1] in order of first use.
/// </summary>
internal sealed class CitationResolver
{
    private readonly TermAnalyzer analyzer;

    public CitationResolver(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>Resolves <paramref name="answer"/> against the sources it was written from.</summary>
    /// <param name="answer">Generated answer text.</param>
    /// <param name="sources">The prompt's sources: number n is <c>sources[n - 1]</c>.</param>
    /// <param name="getDocument">Looks up the seed file of a chunk.</param>
    public CitationResolution Resolve(string answer, IReadOnlyList<RetrievedChunk> sources, Func<string, SourceDocument> getDocument)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return this.Resolve(AnswerClaimParser.Parse(answer), sources, getDocument);
    }

    /// <summary>Resolves <paramref name="claims"/> against the sources they cite.</summary>
    /// <param name="claims">The answer's claims with the source numbers they cite.</param>
    /// <param name="sources">The sources: number n is <c>sources[n - 1]</c>.</param>
    /// <param name="getDocument">Looks up the seed file of a chunk.</param>
    public CitationResolution Resolve(IReadOnlyList<AnswerClaim> claims, IReadOnlyList<RetrievedChunk> sources, Func<string, SourceDocument> getDocument)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(getDocument);

        var notes = new List<string>();
        var renumber = new Dictionary<int, int>();
        var spans = new Dictionary<int, (int Start, int End)>();
        var rendered = new List<(AnswerClaim Claim, IReadOnlyList<int> Numbers)>();

        foreach (var claim in claims)
        {
            var numbers = new List<int>();
            foreach (var n in claim.Numbers.Distinct())
            {
                if (n < 1 || n > sources.Count)
                {
                    notes.Add(CitationNotes.MissingSource(n, sources.Count));
                    continue;
                }

                var chunk = sources[n - 1].Chunk;
                var span = this.FindQuoteSpan(claim.Text, chunk);

                // Overlapping chunks can hold the same sentence: one passage gets one number.
                var same = spans.Keys.FirstOrDefault(m => m != n && sources[m - 1].Chunk.DocId == chunk.DocId && spans[m].Start < span.End && span.Start < spans[m].End);
                var key = same > 0 ? same : n;
                spans[key] = spans.TryGetValue(key, out var known)
                    ? (Math.Min(known.Start, span.Start), Math.Max(known.End, span.End))
                    : span;
                if (!renumber.TryGetValue(key, out var k))
                {
                    k = renumber.Count + 1;
                    renumber[key] = k;
                }

                if (!numbers.Contains(k))
                {
                    numbers.Add(k);
                }
            }

            rendered.Add((claim, numbers));
        }

        var citations = renumber
            .OrderBy(pair => pair.Value)
            .Select(pair =>
            {
                var chunk = sources[pair.Key - 1].Chunk;
                var (start, end) = spans[pair.Key];
                var document = getDocument(chunk.DocId);
                return new Citation(pair.Value, chunk.DocId, chunk.Title, chunk.Byline, chunk.Date, document.Text[start..end], start, end, chunk.ChunkId);
            })
            .ToList();

        return new CitationResolution(AnswerClaimParser.Render(rendered), citations, CitationNotes.Unique(notes));
    }

    /// <summary>
    /// The absolute span of the chunk text a claim quotes: the claim itself when it is verbatim in the
    /// chunk, otherwise the chunk sentence sharing the most terms with it.
    /// </summary>
    private (int Start, int End) FindQuoteSpan(string claimText, Chunk chunk)
    {
        var core = ClaimCore(claimText);
        if (core.Length >= 12)
        {
            var at = chunk.Text.IndexOf(core, StringComparison.Ordinal);
            if (at >= 0)
            {
                var sentence = chunk.Sentences.FirstOrDefault(s => s.Start <= chunk.Start + at && chunk.Start + at < s.End);
                return sentence.End > 0 && sentence.End >= chunk.Start + at + core.Length
                    ? (sentence.Start, sentence.End)
                    : (chunk.Start + at, chunk.Start + at + core.Length);
            }
        }

        var claimTerms = this.analyzer.Terms(claimText).ToHashSet(StringComparer.Ordinal);
        var best = chunk.Sentences.Count > 0 ? chunk.Sentences[0] : new TextSpan(chunk.Start, chunk.End);
        var bestScore = -1.0;
        foreach (var sentence in chunk.Sentences)
        {
            var text = chunk.Text[(sentence.Start - chunk.Start)..(sentence.End - chunk.Start)];
            var terms = this.analyzer.Terms(text);
            var score = terms.Count(claimTerms.Contains) + (terms.Count == 0 ? 0 : 0.001 * terms.Count(claimTerms.Contains) / terms.Count);
            if (score > bestScore)
            {
                bestScore = score;
                best = sentence;
            }
        }

        return (best.Start, best.End);
    }

    /// <summary>The claim without list bullets, an attribution lead-in ("SLATE, Mon, March 25, 2024: ") or surrounding quotes.</summary>
    private static string ClaimCore(string claimText)
    {
        var text = claimText.Trim().TrimStart('-', '•', '*', ' ');
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && colon < 80)
        {
            text = text[(colon + 2)..];
        }

        return text.Trim().Trim('“', '”', '"').TrimEnd('.', ' ').Trim();
    }
}
