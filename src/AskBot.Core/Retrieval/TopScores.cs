using System.Numerics;

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

    // The kept worst score once the heap is full: most offers at 100k chunks fall below it and are rejected with one
    // comparison instead of a heap comparison through the comparer.
    private double worst = double.NegativeInfinity;

    public TopScores(int limit)
    {
        this.limit = Math.Max(0, limit);
        this.heap = new PriorityQueue<ScoredDocument, ScoredDocument>(Math.Min(this.limit, 1024) + 1, WorstFirst.Instance);
    }

    /// <summary>
    /// The best <paramref name="limit"/> documents among those with a positive score, where document <c>i</c> scored
    /// <paramref name="scores"/>[i], best first (ties by ordinal).
    /// </summary>
    /// <remarks>
    /// At 100k chunks a query reaches over half of them, and offering each to the heap cost as much as scoring them.
    /// Scores are compared a vector at a time against the worst kept score; only groups holding one that can enter the
    /// top are offered one by one. NaN compares false everywhere, so it is never kept.
    /// </remarks>
    public static List<ScoredDocument> SelectPositive(ReadOnlySpan<double> scores, int limit)
    {
        var top = new TopScores(limit);
        if (top.limit == 0)
        {
            return [];
        }

        var document = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            for (; document <= scores.Length - width; document += width)
            {
                var group = new Vector<double>(scores.Slice(document, width));
                if (Vector.GreaterThanAny(group, Vector<double>.Zero) && Vector.GreaterThanOrEqualAny(group, new Vector<double>(top.worst)))
                {
                    for (var d = document; d < document + width; d++)
                    {
                        top.AddPositive(d, scores[d]);
                    }
                }
            }
        }

        for (; document < scores.Length; document++)
        {
            top.AddPositive(document, scores[document]);
        }

        return top.ToList();
    }

    /// <summary>Offers a document; kept only while it is among the best <c>limit</c> seen.</summary>
    public void Add(int document, double score)
    {
        if (this.limit == 0 || score < this.worst)
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
        else
        {
            return;
        }

        if (this.heap.Count == this.limit)
        {
            this.worst = this.heap.Peek().Score;
        }
    }

    private void AddPositive(int document, double score)
    {
        if (score > 0)
        {
            this.Add(document, score);
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
