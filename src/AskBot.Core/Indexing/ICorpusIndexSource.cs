namespace AskBot.Core.Indexing;

/// <summary>Hands the retriever the loaded index (loading or building it on first use).</summary>
public interface ICorpusIndexSource
{
    /// <summary>The index; the first call loads or builds it, later calls return the same instance.</summary>
    Task<CorpusIndex> GetIndexAsync(CancellationToken cancellationToken = default);
}
