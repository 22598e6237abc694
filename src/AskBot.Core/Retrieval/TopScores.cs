namespace AskBot.Core.Retrieval;

/// <summary>
/// Best-<c>limit</c> selection with a bounded heap: the same order as sorting every scored document by score
/// (descending) then ordinal (ascending) and taking the first <c>limit</c>, in O(n log limit) instead of O(n log n).
/// At 100k chunks a common query term scores tens of thousands of documents, and the full sort dominated the query.
/// </summary>
internal sealed class TopScores
{
    private readonly int limit;
    private readonly PriorityQueue<ScoredDocument, ScoredDocument> heap;

    public TopScores(int limit)
    {
        this.limit = Math.Max(0, limit);
        this.heap = new PriorityQueue<ScoredDocument, ScoredDocument>(Math.Min(this.limit, 1024) + 1, WorstFirst.Instance);
    }

    /// <summary>Offers a document; kept only while it is among the best <c>limit</c> seen.</summary>
    public void Add(int document, double score)
    {
        if (this.limit == 0)
        {
            return;
        }

        var candidate = new ScoredDocument(document, score);
        if (this.heap.Count < this.limit)
        {
            this.heap.Enqueue(candidate, candidate);
        }
        else if (WorstFirst.Instance.Compare(candidate, this.heap.Peek()) > 0)
        {
            this.heap.DequeueEnqueue(candidate, candidate);
        }
    }

    /// <summary>The kept documents, best first.</summary>
    public List<ScoredDocument> ToList()
    {
        var result = new List<ScoredDocument>(this.heap.Count);
        while (this.heap.Count > 0)
        {
            result.Add(this.heap.Dequeue());
        }

        result.Reverse();
        return result;
    }

    // Orders worse before better: lower score, or equal score and higher ordinal.
    private sealed class WorstFirst : IComparer<ScoredDocument>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(ScoredDocument x, ScoredDocument y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Document.CompareTo(x.Document);
        }
    }
}
