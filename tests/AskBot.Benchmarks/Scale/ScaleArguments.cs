using AskBot.Benchmarks.Support;

namespace AskBot.Benchmarks.Scale;

/// <summary>Arguments of <c>scale</c>.</summary>
internal sealed record ScaleArguments(int Articles, string JsonPath, string? CorpusOut, int Queries, int Seed, string? WorkDir, int TopK)
{
    /// <summary>
    /// <c>--embeddings</c>: <c>synthetic</c> (default) indexes hash-made vectors of the model's width, so a large corpus
    /// builds in minutes; <c>onnx</c> runs the real model over every chunk and sentence.
    /// </summary>
    public bool SyntheticEmbeddings { get; init; } = true;

    /// <summary><c>--embedding-sample</c>: chunks (and their sentences) the real model embeds to measure its throughput.</summary>
    public int EmbeddingSample { get; init; } = 256;

    public static ScaleArguments Parse(string[] args)
    {
        var reader = new ArgReader(args, new HashSet<string>(["--articles", "--json", "--corpus-out", "--queries", "--seed", "--work", "--top-k", "--embeddings", "--embedding-sample"], StringComparer.Ordinal));
        var json = reader.RequiredString("--json");
        var jsonDir = Path.GetDirectoryName(Path.GetFullPath(json));
        if (jsonDir is null || (!Directory.Exists(jsonDir) && File.Exists(jsonDir)))
        {
            throw new UsageException($"--json: cannot write to '{json}'");
        }

        var corpusOut = reader.String("--corpus-out");
        if (corpusOut is not null && File.Exists(corpusOut))
        {
            throw new UsageException($"--corpus-out: '{corpusOut}' is a file, not a folder");
        }

        if (corpusOut is not null && Directory.Exists(corpusOut) && Directory.EnumerateFileSystemEntries(corpusOut).Any())
        {
            throw new UsageException($"--corpus-out: folder '{corpusOut}' is not empty");
        }

        return new ScaleArguments(
            reader.Int("--articles", null, 1, 10_000_000),
            json,
            corpusOut,
            reader.Int("--queries", 200, 1, 1_000_000),
            reader.Int("--seed", 42, int.MinValue, int.MaxValue),
            reader.String("--work"),
            reader.Int("--top-k", 8, 1, 50))
        {
            SyntheticEmbeddings = reader.String("--embeddings") switch
            {
                null or "synthetic" => true,
                "onnx" => false,
                var other => throw new UsageException($"--embeddings must be synthetic or onnx, got '{other}'"),
            },
            EmbeddingSample = reader.Int("--embedding-sample", 256, 1, 100_000),
        };
    }
}
