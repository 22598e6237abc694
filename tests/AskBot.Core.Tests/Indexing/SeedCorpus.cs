namespace AskBot.Core.Tests.Indexing;

/// <summary>Locates the repository's seed corpus for tests.</summary>
internal static class SeedCorpus
{
    public static string RepositoryRoot() => RepoPaths.Root;

    public static string SeedsPath => Path.Combine(RepositoryRoot(), "seeds");

    public static IReadOnlyList<string> Files()
        => Directory.GetFiles(SeedsPath, "*.txt").Order(StringComparer.Ordinal).ToList();
}
