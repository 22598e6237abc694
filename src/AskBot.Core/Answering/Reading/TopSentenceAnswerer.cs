using System.Runtime.CompilerServices;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// The evaluation peer (<c>eval --answerer top-sentence</c>): the single corpus sentence that scores best by BM25 against
/// the question (each sentence a document), given as the answer, never a refusal. It shows what word matching alone buys.
/// </summary>
internal sealed class TopSentenceAnswerer
{
    private readonly TermAnalyzer analyzer;
    private readonly ConditionalWeakTable<CorpusIndex, Bm25Index> sentenceIndexes = [];

    public TopSentenceAnswerer(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>The best sentence of <paramref name="index"/> for <paramref name="question"/>, cited to its chunk.</summary>
    public DraftAnswer Answer(string question, CorpusIndex index)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(index);
        var sentences = this.sentenceIndexes.GetValue(index, this.Build);
        var clauses = this.analyzer.Terms(question).Distinct(StringComparer.Ordinal).Select(t => new QueryClause([t])).ToList();
        var top = sentences.Search(clauses, 1);
        if (top.Count == 0)
        {
            return DraftAnswer.Refusal;
        }

        var sentence = top[0].Document;
        var chunk = index.Chunks[index.Sentences.ChunkOf(sentence)];
        var text = index.SentenceText(sentence).Trim();
        return new DraftAnswer([new AnswerClaim(text, [1], string.Empty)], false, [])
        {
            Passages = [new RetrievedChunk(chunk, 1, top[0].Score, 0)],
        };
    }

    private Bm25Index Build(CorpusIndex index)
    {
        var terms = new List<IReadOnlyList<string>>(index.Sentences.Count);
        for (var s = 0; s < index.Sentences.Count; s++)
        {
            terms.Add(this.analyzer.Terms(index.SentenceText(s)));
        }

        return Bm25Index.Build(terms);
    }
}
