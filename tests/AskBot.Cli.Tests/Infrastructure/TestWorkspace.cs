namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>
/// A temporary working directory holding a copy of the seed corpus in <c>seeds/</c> and its own index cache, so
/// process tests never touch the repository or each other. Deleted on dispose.
/// </summary>
public sealed class TestWorkspace : IDisposable
{
    private TestWorkspace(string root)
    {
        this.Root = root;
    }

    /// <summary>The pristine seed files copied into the test output.</summary>
    public static string PristineCorpus => Path.Combine(AppContext.BaseDirectory, "TestCorpus");

    public string Root { get; }

    /// <summary>The corpus folder (<c>AskBot:Corpus:Path</c> resolves here through the default <c>seeds</c>).</summary>
    public string Corpus => Path.Combine(this.Root, "seeds");

    public string IndexCache => Path.Combine(this.Root, ".askbot", "index");

    /// <summary>A workspace with every seed file, or only those named.</summary>
    public static TestWorkspace Create(params string[] onlyDocIds)
    {
        var root = Path.Combine(Path.GetTempPath(), "askbot-cli-tests", Guid.NewGuid().ToString("N"));
        var workspace = new TestWorkspace(root);
        Directory.CreateDirectory(workspace.Corpus);
        foreach (var file in Directory.GetFiles(PristineCorpus, "*.txt"))
        {
            if (onlyDocIds.Length == 0 || onlyDocIds.Contains(Path.GetFileNameWithoutExtension(file)))
            {
                File.Copy(file, Path.Combine(workspace.Corpus, Path.GetFileName(file)));
            }
        }

        return workspace;
    }

    /// <summary>The text of a corpus file, decoded exactly as the spec requires for verbatim quotes.</summary>
    public string ReadDocument(string docId) => File.ReadAllText(Path.Combine(this.Corpus, docId + ".txt"), System.Text.Encoding.UTF8);

    public Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(this.Root, args);

    public Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null) =>
        CliProcess.RunAsync(this.Root, args, environment, stdin);

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Root, recursive: true);
        }
        catch (IOException)
        {
            // A child killed on timeout may still hold a file; the OS temp cleaner gets it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
