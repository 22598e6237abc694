using System.Diagnostics;
using System.Globalization;
using AskBot.Benchmarks.Micro;
using AskBot.Benchmarks.Support;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Benchmarks.Scale;

/// <summary>
/// <c>scale</c>: generates the corpus, builds AskBot's index through the real provider (ingestion, chunking,
/// embeddings, index, on-disk cache), loads that cache in a fresh provider, times the seeded queries, then builds
/// and queries Lucene.Net over the same chunk texts, and writes the JSON report.
/// </summary>
internal static class ScaleHarness
{
    private const int WarmupQueries = 20;

    public static async Task<int> RunAsync(ScaleArguments arguments, CancellationToken cancellationToken)
    {
        var work = arguments.WorkDir ?? AskBotHost.TempFolder("askbot-scale");
        var corpus = arguments.CorpusOut ?? Path.Combine(work, "corpus");
        var cache = Path.Combine(work, "index");
        var luceneDir = Path.Combine(work, "lucene");
        try
        {
            Log($"generating {arguments.Articles} articles (seed {arguments.Seed}) into {corpus}");
            var started = Stopwatch.GetTimestamp();
            var generator = CorpusGenerator.FromSeeds(SeedCorpus.Ingest(), arguments.Seed);
            var queries = await generator.WriteAsync(corpus, arguments.Articles, arguments.Queries, arguments.Seed, cancellationToken).ConfigureAwait(false);
            Log($"generated in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s, {DirectoryBytes(corpus) / 1e6:F1} MB");

            // The generator's own memory is not AskBot's: the peak is measured from here on.
            ProcessMemory.Collect();
            var peakResettable = ProcessMemory.TryResetPeak();

            Log("building AskBot index");
            var vectors = arguments.SyntheticEmbeddings ? new SyntheticEmbeddingGeneratorFactory() : null;
            var build = await BuildAskBotAsync(corpus, cache, vectors, cancellationToken).ConfigureAwait(false);

            // The build's last continuation runs this method inline, on top of the completing frames of the provider's
            // async methods, which still reference the built index and its service provider; yielding unwinds them, so
            // the collection below frees the build and the serving phase is measured alone (without it, the build's
            // ≈ 670 MB at 100k chunks stayed reachable into the load in some runs).
            await Task.Yield();
            var peakBuild = ProcessMemory.PeakRssMb();
            Log($"built {build.Chunks} chunks from {build.Articles} articles in {build.Seconds:F2} s; peak RSS {peakBuild:F0} MB");

            ProcessMemory.Collect();
            if (peakResettable)
            {
                ProcessMemory.TryResetPeak();
            }

            // A process that only loads and serves, as the bot does after a restart: its peak is the serving RSS, free of
            // the heap this process committed while building (the runtime keeps that memory after a collection).
            var queryFile = Path.Combine(work, "queries.txt");
            await File.WriteAllLinesAsync(queryFile, queries, cancellationToken).ConfigureAwait(false);
            var serveProcess = await ServeInOwnProcessAsync(corpus, cache, queryFile, arguments, cancellationToken).ConfigureAwait(false);
            Log(string.Create(CultureInfo.InvariantCulture, $"serving process: loaded in {serveProcess.LoadSeconds:F2} s, hybrid p50 {serveProcess.HybridP50Ms:F2} ms, peak RSS {serveProcess.PeakRssMb:F0} MB"));

            // Live managed data when the serving phase starts: anything above the runtime's own is build data still reachable.
            Log(string.Create(CultureInfo.InvariantCulture, $"loading the cached index in a fresh provider (live managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1e6:F0} MB, RSS {ProcessMemory.PeakRssMb():F0} MB)"));
            var (load, texts, sentences) = await LoadAndQueryAskBotAsync(corpus, cache, vectors, queries, arguments.TopK, cancellationToken).ConfigureAwait(false);
            var peakServe = ProcessMemory.PeakRssMb();
            Log($"loaded in {load.LoadSeconds:F2} s; hybrid p50 {load.Hybrid.P50:F2} ms; peak RSS {peakServe:F0} MB");
            ProcessMemory.Collect();

            Log(string.Create(CultureInfo.InvariantCulture, $"building Lucene.Net BM25 index over the same chunks (live managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1e6:F0} MB)"));
            Log($"measuring the embedding model on {arguments.EmbeddingSample} chunks and their sentences");
            var embedding = await MeasureEmbeddingsAsync(corpus, work, texts, sentences, queries, arguments, cancellationToken).ConfigureAwait(false);
            Log(string.Create(CultureInfo.InvariantCulture, $"embedding: {embedding.ChunksPerSecond:F0} chunks/s, {embedding.SentencesPerSecond:F0} sentences/s, query {embedding.QueryEmbeddingP50Ms:F2} ms"));

            using var lucene = new LuceneBaseline(luceneDir);
            var luceneBuild = lucene.Build(texts);
            var luceneTimes = TimeQueries(queries, q => lucene.Search(q, arguments.TopK), out var luceneHits);
            var overlap = Overlap(load.HybridHits, luceneHits, arguments.TopK);

            var report = new ScaleReport(
                arguments.Articles,
                build.Articles,
                build.Chunks,
                queries.Count,
                arguments.TopK,
                arguments.Seed,
                new AskBotFigures(
                    build.Seconds,
                    DirectoryBytes(cache),
                    load.LoadSeconds,
                    Math.Max(peakBuild, peakServe),
                    peakBuild,
                    peakServe,
                    load.Hybrid.P50,
                    load.Hybrid.P95,
                    load.Lexical.P50,
                    load.Vector.P50,
                    load.StagesP50Ms,
                    build.PhaseSeconds),
                new LuceneFigures(luceneBuild.TotalSeconds, lucene.IndexBytes, luceneTimes.P50, luceneTimes.P95),
                overlap,
                Environment.ProcessorCount)
            {
                Embeddings = embedding,
                ServeProcess = serveProcess,
                DenseRecall = load.DenseRecall,
            };
            await report.WriteAtomicallyAsync(arguments.JsonPath, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(report.ToTable());
            return 0;
        }
        finally
        {
            if (arguments.WorkDir is null)
            {
                AskBotHost.TryDeleteFolder(work);
            }
        }
    }

    /// <summary>
    /// <c>scale-serve</c>: loads the cache a <c>scale</c> run built and times its questions, in a process of its own;
    /// prints the figures as one JSON line (what <see cref="ServeInOwnProcessAsync"/> reads).
    /// </summary>
    public static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, new HashSet<string>(["--corpus", "--cache", "--queries-file", "--top-k", "--embeddings"], StringComparer.Ordinal));
        var vectors = reader.String("--embeddings") == "synthetic" ? new SyntheticEmbeddingGeneratorFactory() : null;
        var queries = await File.ReadAllLinesAsync(reader.RequiredString("--queries-file"), cancellationToken).ConfigureAwait(false);
        var (load, _, _) = await LoadAndQueryAskBotAsync(
            reader.RequiredString("--corpus"), reader.RequiredString("--cache"), vectors, queries, reader.Int("--top-k", 8, 1, 50), cancellationToken, collectTexts: false).ConfigureAwait(false);
        var figures = new ServeProcessFigures(load.LoadSeconds, load.Hybrid.P50, ProcessMemory.PeakRssMb(), ProcessMemory.CurrentRssMb())
        {
            LexicalP50Ms = load.Lexical.P50,
            VectorP50Ms = load.Vector.P50,
            DenseRecall = load.DenseRecall,
            DenseSearchP50Ms = load.StagesP50Ms.GetValueOrDefault("denseSearch"),
            AnonymousRssMb = ProcessMemory.AnonymousRssMb(),
            FileRssMb = ProcessMemory.FileRssMb(),
        };
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(figures));
        return 0;
    }

    private static async Task<ServeProcessFigures> ServeInOwnProcessAsync(
        string corpus, string cache, string queryFile, ScaleArguments arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ScaleHarness).Assembly.Location);
        }

        foreach (var arg in new[]
        {
            "scale-serve", "--corpus", corpus, "--cache", cache, "--queries-file", queryFile,
            "--top-k", arguments.TopK.ToString(CultureInfo.InvariantCulture), "--embeddings", arguments.SyntheticEmbeddings ? "synthetic" : "onnx",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the serving process");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var lines = (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"the serving process failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<ServeProcessFigures>(lines[^1])
            ?? throw new InvalidOperationException("the serving process printed no figures");
    }

    /// <summary>The real model over a sample of the chunks and their sentences, and over the questions.</summary>
    private static async Task<EmbeddingFigures> MeasureEmbeddingsAsync(
        string corpus,
        string work,
        List<string> chunks,
        List<string> sentences,
        IReadOnlyList<string> queries,
        ScaleArguments arguments,
        CancellationToken cancellationToken)
    {
        using var services = AskBotHost.Build(corpus, Path.Combine(work, "model-sample"));
        var factory = services.GetRequiredKeyedService<IEmbeddingGeneratorFactory>(EmbeddingProviders.Onnx);
        using var generator = await factory.CreateAsync([], cancellationToken).ConfigureAwait(false);
        await generator.GenerateAsync(["warm-up"], cancellationToken: cancellationToken).ConfigureAwait(false);

        // Every n-th chunk, so the sample spans the corpus rather than its first articles.
        var step = Math.Max(1, chunks.Count / arguments.EmbeddingSample);
        var chunkSample = chunks.Where((_, i) => i % step == 0).Take(arguments.EmbeddingSample).ToList();
        var sentenceStep = Math.Max(1, sentences.Count / (arguments.EmbeddingSample * 3));
        var sentenceSample = sentences.Where((_, i) => i % sentenceStep == 0).Take(arguments.EmbeddingSample * 3).ToList();
        double PerSecond(int count, long started) => count / Stopwatch.GetElapsedTime(started).TotalSeconds;

        var t = Stopwatch.GetTimestamp();
        await generator.GenerateAsync(chunkSample, cancellationToken: cancellationToken).ConfigureAwait(false);
        var chunksPerSecond = PerSecond(chunkSample.Count, t);
        t = Stopwatch.GetTimestamp();
        await generator.GenerateAsync(sentenceSample, cancellationToken: cancellationToken).ConfigureAwait(false);
        var sentencesPerSecond = PerSecond(sentenceSample.Count, t);
        var queryTimes = new List<double>();
        foreach (var query in queries.Take(100))
        {
            t = Stopwatch.GetTimestamp();
            await generator.GenerateAsync([factory.QueryPrefix + query], cancellationToken: cancellationToken).ConfigureAwait(false);
            queryTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        return new EmbeddingFigures(
            arguments.SyntheticEmbeddings ? "synthetic" : "onnx",
            chunkSample.Count,
            chunksPerSecond,
            sentenceSample.Count,
            sentencesPerSecond,
            Percentiles.NearestRank(queryTimes, 50));
    }

    private static async Task<BuildResult> BuildAskBotAsync(string corpus, string cache, IEmbeddingGeneratorFactory? vectors, CancellationToken cancellationToken)
    {
        using var services = AskBotHost.Build(corpus, cache, embeddings: vectors);
        var provider = services.GetRequiredService<ICorpusIndexProvider>();
        var phases = new PhaseTimer();
        var started = Stopwatch.GetTimestamp();
        var info = await provider.RebuildAsync(phases, cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        phases.Finish();
        Log("build phases: " + string.Join(", ", phases.Seconds.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F2} s"))));
        return new BuildResult(seconds, info.Statistics.Articles, info.Statistics.Chunks, phases.Seconds);
    }

    private static async Task<(ServeResult Result, List<string> Texts, List<string> Sentences)> LoadAndQueryAskBotAsync(
        string corpus, string cache, IEmbeddingGeneratorFactory? vectors, IReadOnlyList<string> queries, int topK, CancellationToken cancellationToken, bool collectTexts = true)
    {
        using var services = AskBotHost.Build(corpus, cache, embeddings: vectors);
        var provider = services.GetRequiredService<ICorpusIndexProvider>();
        var started = Stopwatch.GetTimestamp();
        var info = await provider.EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Where the serving peak comes from: the managed heap right after the load (live data plus uncollected garbage;
        // not forcing a collection, which would lower the peak measured next) versus the process peak so far.
        var gc = GC.GetGCMemoryInfo();
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"after load: managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1e6:F0} MB (committed {gc.TotalCommittedBytes / 1e6:F0} MB, live at the last GC {(gc.HeapSizeBytes - gc.FragmentedBytes) / 1e6:F0} MB), peak RSS so far {ProcessMemory.PeakRssMb():F0} MB"));
        if (!info.LoadedFromCache)
        {
            throw new InvalidOperationException("The fresh provider rebuilt the index instead of loading the cache.");
        }

        var index = await services.GetRequiredService<ICorpusIndexSource>().GetIndexAsync(cancellationToken).ConfigureAwait(false);
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"index parts: document text {index.Documents.Sum(d => (long)d.Text.Length) * 2 / 1e6:F0} MB, BM25 postings {index.Lexical.Vocabulary.Sum(t => (long)index.Lexical.DocumentFrequency(t)) * 8 / 1e6:F0} MB ({index.Lexical.Vocabulary.Count} terms), sentence term sets {index.SentenceTerms.EncodedBytes / 1e6:F0} MB, {index.Chunks.Count} chunks, {index.Sentences.Count} sentences, {index.Embeddings.Rows} vector rows (mapped: {index.Embeddings.IsMapped})"));
        var ordinals = new Dictionary<string, int>(index.Chunks.Count, StringComparer.Ordinal);
        for (var i = 0; i < index.Chunks.Count; i++)
        {
            ordinals[index.Chunks[i].ChunkId] = i;
        }

        var retriever = services.GetRequiredService<IRetriever>();
        Latency Time(RetrievalModes mode, out List<int[]> hits) => TimeQueries(
            queries,
            q => retriever.RetrieveAsync(q, mode, topK, cancellationToken: cancellationToken).GetAwaiter().GetResult().Select(r => ordinals[r.Chunk.ChunkId]).ToArray(),
            out hits);
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var hybrid = Time(RetrievalModes.Hybrid, out var hybridHits);
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"first hybrid pass: GC pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms, {GC.CollectionCount(2) - gen2Before} gen2 collections"));
        var lexical = Time(RetrievalModes.Lexical, out _);
        var vector = Time(RetrievalModes.Vector, out _);
        var stages = StageBreakdown(services, index, queries);

        // The same hybrid queries again, after every stage has run a few hundred times (tiered JIT, CPU caches, touched
        // pages): the steady state. Sentence analysis is done at build time now, so it no longer separates the passes.
        stages["hybridWarm"] = Time(RetrievalModes.Hybrid, out _).P50;
        var denseRecall = await DenseRecallAsync(services, index, queries, stages, cancellationToken).ConfigureAwait(false);
        // For Lucene and the model sample; a serving process has no use for them (a copy of every chunk's text is GBs at 100k).
        var texts = collectTexts ? index.Chunks.Select(c => c.Text).ToList() : [];
        var sentences = collectTexts ? Enumerable.Range(0, index.Sentences.Count).Select(index.SentenceText).ToList() : [];
        return (new ServeResult(loadSeconds, hybrid, lexical, vector, hybridHits, stages) { DenseRecall = denseRecall }, texts, sentences);
    }

    /// <summary>
    /// Share of the full scan's dense top candidates that the search retrieval uses (sign-bit pass, then exact scores)
    /// also returns, over the questions; both searches' medians go into <paramref name="stages"/>. Null without dense vectors.
    /// </summary>
    private static async Task<double?> DenseRecallAsync(
        IServiceProvider services, CorpusIndex index, IReadOnlyList<string> queries, Dictionary<string, double> stages, CancellationToken cancellationToken)
    {
        var embedder = services.GetRequiredService<QueryEmbedder>();
        var candidates = new RetrievalOptions().Candidates;
        var found = 0;
        var expected = 0;
        var exactTimes = new List<double>();
        var searchTimes = new List<double>();
        foreach (var query in queries)
        {
            if (await embedder.EmbedAsync(index, query, cancellationToken).ConfigureAwait(false) is not { } vector)
            {
                return null;
            }

            var t = Stopwatch.GetTimestamp();
            var exact = index.Embeddings.SearchChunksExactly(vector, candidates);
            exactTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            var searched = index.Embeddings.SearchChunks(vector, candidates).Select(s => s.Document).ToHashSet();
            searchTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            found += exact.Count(e => searched.Contains(e.Document));
            expected += exact.Count;
        }

        stages["denseExactScan"] = Percentiles.NearestRank(exactTimes, 50);
        stages["denseSearch"] = Percentiles.NearestRank(searchTimes, 50);
        return expected == 0 ? null : (double)found / expected;
    }

    /// <summary>Median time of each retrieval stage, called directly on the loaded index: where a query's time goes.</summary>
    private static Dictionary<string, double> StageBreakdown(IServiceProvider services, CorpusIndex index, IReadOnlyList<string> queries)
    {
        var analyzer = services.GetRequiredService<TermAnalyzer>();
        var candidates = new RetrievalOptions().Candidates;
        var queryAnalyzer = new QueryAnalyzer(analyzer);
        var booster = new SentenceCoOccurrenceBooster(analyzer);
        var sparse = index.Generator as ISparseEmbeddingGenerator;
        var stages = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Record(string stage, long started)
        {
            if (!stages.TryGetValue(stage, out var list))
            {
                list = [];
                stages[stage] = list;
            }

            list.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        foreach (var query in queries)
        {
            var t = Stopwatch.GetTimestamp();
            var analyzed = queryAnalyzer.Analyze(query, index.Lexical, index.Aliases);
            Record("analyzeQuery", t);
            t = Stopwatch.GetTimestamp();
            var lexical = index.Lexical.Search(analyzed.Clauses, candidates);
            Record("bm25Search", t);
            t = Stopwatch.GetTimestamp();
            booster.Rerank(lexical, analyzed.Clauses, index.Chunks, index.Lexical, index.Aliases, index.SentenceTerms);
            Record("sentenceRerank", t);

            if (sparse is not null && !string.IsNullOrWhiteSpace(analyzed.VectorText))
            {
                t = Stopwatch.GetTimestamp();
                var vector = sparse.GenerateSparse([analyzed.VectorText])[0];
                Record("embedQuery", t);
                t = Stopwatch.GetTimestamp();
                index.Vectors.Search(vector, candidates);
                Record("vectorSearch", t);
            }
        }

        return stages.ToDictionary(s => s.Key, s => Percentiles.NearestRank(s.Value, 50), StringComparer.Ordinal);
    }

    /// <summary>Times each query once after a warm-up pass over the first few (JIT, caches).</summary>
    private static Latency TimeQueries(IReadOnlyList<string> queries, Func<string, int[]> search, out List<int[]> hits)
    {
        foreach (var query in queries.Take(WarmupQueries))
        {
            search(query);
        }

        hits = new List<int[]>(queries.Count);
        var times = new List<double>(queries.Count);
        foreach (var query in queries)
        {
            var started = Stopwatch.GetTimestamp();
            hits.Add(search(query));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new Latency(Percentiles.NearestRank(times, 50), Percentiles.NearestRank(times, 95));
    }

    // Mean share of Lucene's top-k that AskBot's hybrid top-k also returns: a sanity check that both answer the same queries.
    private static double Overlap(List<int[]> askbot, List<int[]> lucene, int topK)
    {
        var total = 0.0;
        for (var i = 0; i < askbot.Count; i++)
        {
            var expected = Math.Min(topK, lucene[i].Length);
            total += expected == 0 ? 1 : (double)askbot[i].Intersect(lucene[i]).Count() / expected;
        }

        return askbot.Count == 0 ? 0 : total / askbot.Count;
    }

    private static long DirectoryBytes(string path)
        => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private static void Log(string message)
        => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message}"));

    private sealed record BuildResult(double Seconds, int Articles, int Chunks, IReadOnlyDictionary<string, double> PhaseSeconds);

    /// <summary>Time between the provider's progress stages (reading until chunking is reported covers ingestion).</summary>
    private sealed class PhaseTimer : IProgress<IndexProgress>
    {
        private string? stage;
        private long started;

        public Dictionary<string, double> Seconds { get; } = new(StringComparer.Ordinal);

        public void Report(IndexProgress value)
        {
            if (string.Equals(value.Stage, this.stage, StringComparison.Ordinal))
            {
                return;
            }

            this.Finish();
            this.stage = value.Stage;
            this.started = Stopwatch.GetTimestamp();
        }

        public void Finish()
        {
            if (this.stage is not null)
            {
                this.Seconds[this.stage] = this.Seconds.GetValueOrDefault(this.stage) + Stopwatch.GetElapsedTime(this.started).TotalSeconds;
                this.stage = null;
            }
        }
    }

    private sealed record Latency(double P50, double P95);

    private sealed record ServeResult(
        double LoadSeconds, Latency Hybrid, Latency Lexical, Latency Vector, List<int[]> HybridHits, Dictionary<string, double> StagesP50Ms)
    {
        public double? DenseRecall { get; init; }
    }
}
