namespace AskBot.Benchmarks.Support;

/// <summary>Command-line help of the benchmark executable.</summary>
internal static class Usage
{
    public const string Text = """
        usage:
          bench [BenchmarkDotNet args, e.g. --filter * --job short]   micro-benchmarks (in-process toolchain by default)
          scale --articles N --json FILE [--corpus-out DIR] [--queries 200] [--seed 42] [--work DIR] [--top-k 8]
                                                                      synthetic corpus: AskBot vs Lucene.Net BM25
                                                                      (its serving RSS is measured by a scale-serve process)
          scale-serve --corpus DIR --cache DIR --queries-file FILE [--top-k 8] [--embeddings synthetic|onnx]
                                                                      load a scale run's cache and serve its questions; one JSON line
          seeds [--runs 5] [--json FILE]                              in-process ask/retrieve latency on seeds/ and eval/questions.jsonl
          profile --articles N [--seed 42] [--stages all|ingest]      index build stage by stage on a generated corpus
          fit-reader [--normans DIR] [--out FILE] [--report FILE] [--folds 5]
                                                                      fit the reader (ML.NET) on the shipped and Normans sets
          discord-load [--users 30] [--questions 300] [--runs 1] [--rate-limit 5]
                                                                      the bot through a fake Discord: answer latency and throughput
        """;
}

/// <summary>Bad command-line input: reported as one line, exit code 2, no stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
