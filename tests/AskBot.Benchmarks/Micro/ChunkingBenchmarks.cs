using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using BenchmarkDotNet.Attributes;

namespace AskBot.Benchmarks.Micro;

/// <summary>Chunking stages on the seeds' articles: article splitting, sentence windows, near-duplicate filter.</summary>
[MemoryDiagnoser]
public class ChunkingBenchmarks
{
    private readonly ChunkingOptions options = new();
    private readonly ArticleSplitter splitter = new(new BoilerplateClassifier());
    private readonly Chunker chunker = new(new SentenceSplitter());
    private readonly NearDuplicateFilter filter = new();
    private IReadOnlyList<SourceDocument> documents = [];
    private List<(SourceDocument Document, Article Article)> articles = [];
    private List<Chunk> chunks = [];

    [GlobalSetup]
    public void Setup()
    {
        this.documents = new CorpusReader().ReadAsync(RepoPaths.Seeds).GetAwaiter().GetResult().Documents;
        this.articles = this.documents.SelectMany(d => this.splitter.Split(d).Articles.Select(a => (d, a))).ToList();
        this.chunks = this.ChunkArticles();
    }

    [Benchmark]
    public int SplitArticles()
    {
        var count = 0;
        foreach (var document in this.documents)
        {
            count += this.splitter.Split(document).Articles.Count;
        }

        return count;
    }

    [Benchmark]
    public List<Chunk> ChunkArticles()
    {
        var result = new List<Chunk>();
        foreach (var (document, article) in this.articles)
        {
            result.AddRange(this.chunker.CreateChunks(document, article, this.options));
        }

        return result;
    }

    [Benchmark]
    public object DropNearDuplicates() => this.filter.Filter(this.chunks, this.options.NearDuplicateThreshold);
}
