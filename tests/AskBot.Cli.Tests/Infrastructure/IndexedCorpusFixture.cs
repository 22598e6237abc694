namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>
/// One workspace whose index is built once by <c>askbot index</c> and then shared by the tests of the
/// <see cref="IndexedCorpusCollection"/>: they only read the cache, so sharing it is safe and saves a build per test.
/// </summary>
public sealed class IndexedCorpusFixture : IAsyncLifetime
{
    public TestWorkspace Workspace { get; } = TestWorkspace.Create();

    /// <summary>The first <c>askbot index</c> run, which built the index.</summary>
    public CliResult FirstIndexRun { get; private set; } = new(-1, string.Empty, string.Empty);

    public async Task InitializeAsync()
    {
        this.FirstIndexRun = await this.Workspace.RunAsync("index");
    }

    public Task DisposeAsync()
    {
        this.Workspace.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Tests that share the <see cref="IndexedCorpusFixture"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class IndexedCorpusCollection : ICollectionFixture<IndexedCorpusFixture>
{
    public const string Name = "Indexed corpus";
}
