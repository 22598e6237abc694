using System.Diagnostics;
using System.Globalization;
using AskBot.Benchmarks.Micro;
using AskBot.Benchmarks.Support;
using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Benchmarks.Scale;

/// <summary>Arguments of <c>profile</c>.</summary>
/// <param name="Articles">Generated articles.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="IngestOnly">Stop after the near-duplicate filter (<c>--stages ingest</c>): ingestion's growth with N
/// can then be measured at sizes where the featurizer stages would take minutes.</param>
internal sealed record ProfileArguments(int Articles, int Seed, bool IngestOnly)
{
    public static ProfileArguments Parse(string[] args)
    {
        var reader = new ArgReader(args, new HashSet<string>(["--articles", "--seed", "--stages"], StringComparer.Ordinal));
        var stages = reader.String("--stages") ?? "all";
        if (stages is not ("all" or "ingest"))
        {
            throw new UsageException($"--stages must be 'all' or 'ingest', got '{stages}'");
        }

        return new ProfileArguments(
            reader.Int("--articles", null, 1, 10_000_000), reader.Int("--seed", 42, int.MinValue, int.MaxValue), stages == "ingest");
    }
}

/// <summary>
/// <c>profile</c>: the build's stages one by one on a generated corpus (the provider reports only coarse phases):
/// read, split, chunk, near-duplicate filter, alias mining, term analysis, BM25, featurizer fit and transform.
/// </summary>
internal static class IngestProfile
{
    public static async Task<int> RunAsync(ProfileArguments arguments, CancellationToken cancellationToken)
    {
        var work = AskBotHost.TempFolder("askbot-profile");
        try
        {
            var generator = CorpusGenerator.FromSeeds(SeedCorpus.Ingest(), arguments.Seed);
            await generator.WriteAsync(work, arguments.Articles, 0, arguments.Seed, cancellationToken).ConfigureAwait(false);
            var options = new ChunkingOptions();
            var t = Stopwatch.GetTimestamp();
            var read = await new CorpusReader().ReadAsync(work, cancellationToken).ConfigureAwait(false);
            Report("read files", ref t);
            var splitter = new ArticleSplitter(new BoilerplateClassifier());
            var articles = read.Documents.SelectMany(d => splitter.Split(d).Articles.Select(a => (d, a))).ToList();
            Report($"split {articles.Count} articles", ref t);
            var chunker = new Chunker(new SentenceSplitter());
            var chunks = articles.SelectMany(x => chunker.CreateChunks(x.d, x.a, options)).ToList();
            Report($"chunk into {chunks.Count}", ref t);
            var kept = new NearDuplicateFilter().Filter(chunks, options.NearDuplicateThreshold).Kept;
            Report($"near-duplicate filter ({chunks.Count - kept.Count} dropped)", ref t);
            if (arguments.IngestOnly)
            {
                return 0;
            }

            var analyzer = new TermAnalyzer();
            var aliases = new AliasMiner(analyzer).Mine(read.Documents.Select(d => d.Text));
            Report($"alias mining ({aliases.Count} groups)", ref t);
            var lexical = CorpusIndexBuilder.BuildLexical(kept, aliases, analyzer, cancellationToken);
            Report("term analysis and BM25 build", ref t);
            SentenceTermCache.Build(kept, analyzer, aliases, lexical, cancellationToken);
            Report("sentence term cache", ref t);
            SentenceIndex.Build(kept, read.Documents);
            Report("sentence index", ref t);
            var texts = kept.Select(c => c.Text).ToList();
            using var embedder = MlNetTextEmbeddingGenerator.Fit(texts, new EmbeddingsOptions(), analyzer);
            Report($"featurizer fit ({embedder.Dimensions} features)", ref t);
            var vectors = embedder.GenerateSparse(texts, cancellationToken);
            Report($"featurizer transform ({vectors.Sum(v => (long)v.Count) / Math.Max(1, vectors.Count)} non-zeros per chunk)", ref t);
            _ = new VectorIndex(vectors);
            Report("vector index", ref t);
            using var model = new MemoryStream();
            embedder.Save(model);
            Report($"featurizer save ({model.Length / 1e6:F1} MB)", ref t);
            model.Position = 0;
            using var loaded = MlNetTextEmbeddingGenerator.Load(model, analyzer);
            Report("featurizer load", ref t);
            return 0;
        }
        finally
        {
            AskBotHost.TryDeleteFolder(work);
        }
    }

    private static void Report(string stage, ref long started)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(started).TotalSeconds,8:F2} s  {stage}"));
        started = Stopwatch.GetTimestamp();
    }
}
