using System.Runtime.CompilerServices;
using System.Text;

namespace AskBot.Testing;

/// <summary>
/// Locates the repository (the folder holding AskBot.sln), its seeds, prompts and question set. One file, linked into
/// every test project that reads the repository's own files.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    public static string Prompts => Path.Combine(Root, "prompts");

    public static string QuestionSet => Path.Combine(Root, "eval", "questions.jsonl");

    public static string SeedText(string docId) => File.ReadAllText(Path.Combine(Seeds, docId + ".txt"), Encoding.UTF8);

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        // Test binaries may live outside the repo (--artifacts-path), so the source file's location is the fallback.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AskBot.sln")))
            {
                dir = dir.Parent;
            }

            if (dir is not null)
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AskBot.sln not found above " + AppContext.BaseDirectory);
    }
}
