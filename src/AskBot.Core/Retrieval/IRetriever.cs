using AskBot.Core.Configuration;
using AskBot.Core.Indexing;

namespace AskBot.Core.Retrieval;

/// <summary>Finds the chunks most relevant to a question.</summary>
internal interface IRetriever
{
    /// <summary>Returns at most <c>topK</c> chunks, best first, never two near-duplicates, at most <c>MaxPerArticle</c> per article.</summary>
    /// <param name="query">The standalone question.</param>
    /// <param name="mode">Overrides <see cref="RetrievalOptions.Mode"/> when given (used by evaluation ablations).</param>
    /// <param name="topK">Overrides <see cref="RetrievalOptions.TopK"/> when given.</param>
    /// <param name="index">The index snapshot the question runs on; the index serving now when null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query,
        RetrievalModes? mode = null,
        int? topK = null,
        CorpusIndex? index = null,
        CancellationToken cancellationToken = default);
}
