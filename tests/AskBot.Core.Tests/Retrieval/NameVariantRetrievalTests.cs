using System.Diagnostics;
using AskBot.Core.Tests.Indexing;
using Xunit.Abstractions;

namespace AskBot.Core.Tests.Retrieval;

public sealed class NameVariantRetrievalTests : IClassFixture<SeedIndexFixture>
{
    private readonly SeedIndexFixture fixture;
    private readonly ITestOutputHelper output;

    public NameVariantRetrievalTests(SeedIndexFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    private static readonly string[] Questions =
    [
        "Who leads ISIS-K?",
        "Who leads IS-K?",
        "Who leads ISKP?",
        "Who leads ISIL-K?",
        "Who leads Islamic State Khorasan?",
        "Who leads Islamic State-Khorasan?",
        "Who leads ISIS-Khorasan?",
    ];

    public static TheoryData<string> LeaderQuestions => new(Questions);

    [Theory]
    [MemberData(nameof(LeaderQuestions))]
    public async Task Every_spelling_of_the_group_finds_its_leader_in_the_top_3(string question)
    {
        var started = Stopwatch.GetTimestamp();
        var results = await this.fixture.Retriever.RetrieveAsync(question, topK: 5);
        this.output.WriteLine($"{question} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1} ms)");
        foreach (var r in results)
        {
            this.output.WriteLine($"  {r.Chunk.ChunkId} {r.Score:F3} bm25={r.LexicalScore:F2} cos={r.VectorScore:F3} {r.Chunk.Text[..Math.Min(90, r.Chunk.Text.Length)].ReplaceLineEndings(" ")}");
        }

        Assert.Contains(results.Take(3), r => r.Chunk.Text.Contains("Ghafari", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spellings_of_the_group_return_largely_the_same_top_5()
    {
        var baseline = (await this.fixture.Retriever.RetrieveAsync("Who leads ISIS-K?", topK: 5)).Select(r => r.Chunk.ChunkId).ToHashSet();
        foreach (var question in Questions)
        {
            var ids = (await this.fixture.Retriever.RetrieveAsync(question, topK: 5)).Select(r => r.Chunk.ChunkId).ToList();
            Assert.True(ids.Count(baseline.Contains) >= 4, $"{question}: {string.Join(", ", ids)} vs {string.Join(", ", baseline)}");
        }
    }

    [Fact]
    public async Task A_misspelt_name_is_matched_fuzzily()
    {
        var results = await this.fixture.Retriever.RetrieveAsync("Who is Sanaullah Ghaffari?", topK: 3);

        Assert.Contains(results, r => r.Chunk.Text.Contains("Ghafari", StringComparison.Ordinal));
    }

    [Fact]
    public void Index_reports_what_it_built()
    {
        this.output.WriteLine($"chunks={this.fixture.Info.Statistics.Chunks} elapsed={this.fixture.Info.Elapsed.TotalMilliseconds:F0} ms cached={this.fixture.Info.LoadedFromCache}");
        Assert.False(this.fixture.Info.LoadedFromCache);
        Assert.True(this.fixture.Info.Statistics.Chunks > 0);
        Assert.Equal(64, this.fixture.Info.ContentHash.Length);
    }
}
