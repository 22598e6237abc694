namespace AskBot.Core.Indexing;

/// <summary>Progress of an index build, for a progress display.</summary>
/// <param name="Stage">Short stage name ("reading", "chunking", "embedding", "saving").</param>
/// <param name="Done">Units done in this stage.</param>
/// <param name="Total">Units in this stage (0 when unknown).</param>
public sealed record IndexProgress(string Stage, int Done, int Total);
