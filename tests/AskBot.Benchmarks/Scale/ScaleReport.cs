using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AskBot.Benchmarks.Scale;

/// <summary>AskBot's side of a scale run.</summary>
internal sealed record AskBotFigures(
    double BuildSeconds,
    long IndexBytes,
    double LoadSeconds,
    double PeakRssMb,
    double PeakRssBuildMb,
    double PeakRssServeMb,
    double QueryP50Ms,
    double QueryP95Ms,
    double LexicalP50Ms,
    double VectorP50Ms,
    IReadOnlyDictionary<string, double> StagesP50Ms,
    IReadOnlyDictionary<string, double> BuildPhaseSeconds);

/// <summary>What the embedding model costs, measured on a sample with the real model.</summary>
/// <param name="IndexedVectors">"synthetic" when the index holds hash-made vectors, "onnx" when the model embedded everything.</param>
/// <param name="SampleChunks">Chunks embedded for the measurement.</param>
/// <param name="ChunksPerSecond">Chunk texts embedded per second.</param>
/// <param name="SampleSentences">Sentences embedded for the measurement.</param>
/// <param name="SentencesPerSecond">Sentences embedded per second.</param>
/// <param name="QueryEmbeddingP50Ms">Median time to embed one question (with the query prefix).</param>
internal sealed record EmbeddingFigures(
    string IndexedVectors, int SampleChunks, double ChunksPerSecond, int SampleSentences, double SentencesPerSecond, double QueryEmbeddingP50Ms);

/// <summary>A process that only loaded the cache and served the questions (<c>scale-serve</c>).</summary>
/// <param name="LoadSeconds">Time to load the cached index.</param>
/// <param name="HybridP50Ms">Median hybrid retrieval time.</param>
/// <param name="PeakRssMb">The process's peak resident set (VmHWM), runtime and model included.</param>
/// <param name="FinalRssMb">Its resident set after the last question.</param>
internal sealed record ServeProcessFigures(double LoadSeconds, double HybridP50Ms, double PeakRssMb, double FinalRssMb)
{
    /// <summary>Median lexical-only retrieval time.</summary>
    public double LexicalP50Ms { get; init; }

    /// <summary>Median vector-only retrieval time.</summary>
    public double VectorP50Ms { get; init; }

    /// <summary>Share of the full scan's dense top candidates the dense search returns.</summary>
    public double? DenseRecall { get; init; }

    /// <summary>Median time of the dense chunk search alone.</summary>
    public double DenseSearchP50Ms { get; init; }

    /// <summary>Anonymous part of the final RSS (heap): memory the process holds.</summary>
    public double AnonymousRssMb { get; init; }

    /// <summary>File-backed part of the final RSS (the mapped vectors, code): clean pages the kernel can reclaim.</summary>
    public double FileRssMb { get; init; }
}

/// <summary>Lucene.Net's side of a scale run.</summary>
internal sealed record LuceneFigures(double BuildSeconds, long IndexBytes, double QueryP50Ms, double QueryP95Ms);

/// <summary>The result of one <c>scale</c> run, written as JSON (the issue's keys first, then extras) and as a table.</summary>
internal sealed record ScaleReport(
    int RequestedArticles,
    int Articles,
    int Chunks,
    int Queries,
    int TopK,
    int Seed,
    AskBotFigures Askbot,
    LuceneFigures Lucene,
    double TopKOverlap,
    int Cores)
{
    /// <summary>The model's cost on a sample; null when not measured.</summary>
    public EmbeddingFigures? Embeddings { get; init; }

    /// <summary>Share of the exact dense top candidates that the served dense search returns (null without dense vectors).</summary>
    public double? DenseRecall { get; init; }

    /// <summary>The serving figures of a process of its own, when one ran.</summary>
    public ServeProcessFigures? ServeProcess { get; init; }

    /// <summary>Writes to a temp file beside <paramref name="path"/>, then renames: readers never see a partial report.</summary>
    public async Task WriteAtomicallyAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, this.ToJson(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("articles", this.Articles);
            w.WriteNumber("chunks", this.Chunks);
            w.WriteStartObject("askbot");
            w.WriteNumber("buildSeconds", Round(this.Askbot.BuildSeconds));
            w.WriteNumber("indexBytes", this.Askbot.IndexBytes);
            w.WriteNumber("loadSeconds", Round(this.Askbot.LoadSeconds));
            w.WriteNumber("peakRssMb", Round(this.Askbot.PeakRssMb));
            w.WriteNumber("queryP50Ms", Round(this.Askbot.QueryP50Ms));
            w.WriteNumber("queryP95Ms", Round(this.Askbot.QueryP95Ms));
            w.WriteNumber("peakRssBuildMb", Round(this.Askbot.PeakRssBuildMb));
            w.WriteNumber("peakRssServeMb", Round(this.Askbot.PeakRssServeMb));
            if (this.DenseRecall is { } recall)
            {
                w.WriteNumber("denseRecallAtCandidates", Round(recall));
            }

            if (this.ServeProcess is { } serve)
            {
                w.WriteNumber("servingProcessPeakRssMb", Round(serve.PeakRssMb));
                w.WriteNumber("servingProcessFinalRssMb", Round(serve.FinalRssMb));
                w.WriteNumber("servingProcessLoadSeconds", Round(serve.LoadSeconds));
                w.WriteNumber("servingProcessHybridP50Ms", Round(serve.HybridP50Ms));
                w.WriteNumber("servingProcessLexicalP50Ms", Round(serve.LexicalP50Ms));
                w.WriteNumber("servingProcessVectorP50Ms", Round(serve.VectorP50Ms));
                w.WriteNumber("servingProcessAnonymousRssMb", Round(serve.AnonymousRssMb));
                w.WriteNumber("servingProcessFileRssMb", Round(serve.FileRssMb));
            }

            w.WriteNumber("lexicalP50Ms", Round(this.Askbot.LexicalP50Ms));
            w.WriteNumber("vectorP50Ms", Round(this.Askbot.VectorP50Ms));
            w.WriteStartObject("buildPhaseSeconds");
            foreach (var (phase, seconds) in this.Askbot.BuildPhaseSeconds)
            {
                w.WriteNumber(phase, Round(seconds));
            }

            w.WriteEndObject();
            w.WriteStartObject("stagesP50Ms");
            foreach (var (stage, ms) in this.Askbot.StagesP50Ms)
            {
                w.WriteNumber(stage, Round(ms));
            }

            w.WriteEndObject();
            w.WriteEndObject();
            if (this.Embeddings is { } e)
            {
                w.WriteStartObject("embeddings");
                w.WriteString("indexedVectors", e.IndexedVectors);
                w.WriteNumber("sampleChunks", e.SampleChunks);
                w.WriteNumber("chunksPerSecond", Round(e.ChunksPerSecond));
                w.WriteNumber("sampleSentences", e.SampleSentences);
                w.WriteNumber("sentencesPerSecond", Round(e.SentencesPerSecond));
                w.WriteNumber("queryEmbeddingP50Ms", Round(e.QueryEmbeddingP50Ms));
                w.WriteEndObject();
            }

            w.WriteStartObject("lucene");
            w.WriteNumber("buildSeconds", Round(this.Lucene.BuildSeconds));
            w.WriteNumber("queryP50Ms", Round(this.Lucene.QueryP50Ms));
            w.WriteNumber("queryP95Ms", Round(this.Lucene.QueryP95Ms));
            w.WriteNumber("indexBytes", this.Lucene.IndexBytes);
            w.WriteEndObject();
            w.WriteNumber("requestedArticles", this.RequestedArticles);
            w.WriteNumber("queries", this.Queries);
            w.WriteNumber("topK", this.TopK);
            w.WriteNumber("seed", this.Seed);
            w.WriteNumber("topKOverlapWithLucene", Round(this.TopKOverlap));
            w.WriteNumber("cores", this.Cores);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public string ToTable()
    {
        var a = this.Askbot;
        var l = this.Lucene;
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"{this.Articles} articles, {this.Chunks} chunks, {this.Queries} queries (seed {this.Seed}), top-{this.TopK}, {this.Cores} cores"));
        sb.AppendLine(Invariant($"{"",-18}{"AskBot hybrid",16}{"Lucene BM25",16}"));
        sb.AppendLine(Invariant($"{"build s",-18}{a.BuildSeconds,16:F2}{l.BuildSeconds,16:F2}"));
        sb.AppendLine(Invariant($"{"index MB",-18}{a.IndexBytes / 1e6,16:F1}{l.IndexBytes / 1e6,16:F1}"));
        sb.AppendLine(Invariant($"{"load s",-18}{a.LoadSeconds,16:F2}{"-",16}"));
        sb.AppendLine(Invariant($"{"query p50 ms",-18}{a.QueryP50Ms,16:F2}{l.QueryP50Ms,16:F2}"));
        sb.AppendLine(Invariant($"{"query p95 ms",-18}{a.QueryP95Ms,16:F2}{l.QueryP95Ms,16:F2}"));
        sb.AppendLine(Invariant($"{"peak RSS MB",-18}{a.PeakRssMb,16:F0}{"-",16}"));
        if (this.ServeProcess is { } serve)
        {
            sb.AppendLine(Invariant($"{"serving RSS MB",-18}{serve.PeakRssMb,16:F0}{"-",16}   (a process that only loads and serves; {serve.FinalRssMb:F0} MB at the end: {serve.AnonymousRssMb:F0} MB heap, {serve.FileRssMb:F0} MB mapped files)"));
        }

        sb.AppendLine(Invariant($"AskBot p50 by mode: lexical {a.LexicalP50Ms:F2} ms, vector {a.VectorP50Ms:F2} ms, hybrid {a.QueryP50Ms:F2} ms (hybrid / Lucene = {a.QueryP50Ms / l.QueryP50Ms:F2}x)"));
        sb.AppendLine("AskBot stage p50 ms: " + string.Join(", ", a.StagesP50Ms.Select(s => Invariant($"{s.Key} {s.Value:F2}"))));
        if (this.DenseRecall is { } recall)
        {
            sb.AppendLine(Invariant($"dense search recall of the full scan's top candidates: {recall:P1}"));
        }

        if (this.Embeddings is { } e)
        {
            sb.AppendLine(Invariant($"embedding model: {e.ChunksPerSecond:F0} chunks/s ({e.SampleChunks} sampled), {e.SentencesPerSecond:F0} sentences/s ({e.SampleSentences}), query {e.QueryEmbeddingP50Ms:F2} ms p50; index vectors: {e.IndexedVectors}"));
        }

        sb.Append(Invariant($"top-{this.TopK} overlap with Lucene: {this.TopKOverlap:P0}"));
        return sb.ToString();
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
