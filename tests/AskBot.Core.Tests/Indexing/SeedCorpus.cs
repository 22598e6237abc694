using System.Runtime.CompilerServices;

namespace AskBot.Core.Tests.Indexing;

/// <summary>Locates the repository's seed corpus for tests.</summary>
internal static class SeedCorpus
{
    public static string RepositoryRoot([CallerFilePath] string callerPath = "")
    {
        // Builds may put binaries outside the repository (--artifacts-path), so also try from this source file.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(callerPath) ?? string.Empty })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AskBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("AskBot.sln not found above " + AppContext.BaseDirectory);
    }

    public static string SeedsPath => Path.Combine(RepositoryRoot(), "seeds");

    public static IReadOnlyList<string> Files()
        => Directory.GetFiles(SeedsPath, "*.txt").Order(StringComparer.Ordinal).ToList();
}
