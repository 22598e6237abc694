using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Benchmarks.Micro;

/// <summary>The seed corpus ingested once, as setup data for benchmarks of later stages.</summary>
internal static class SeedCorpus
{
    /// <summary>Questions every retrieval and ask benchmark cycles through (one operation = all of them).</summary>
    public static readonly string[] Questions =
    [
        "Who leads ISIS-K?",
        "How many people died in the Moscow concert hall attack?",
        "Where is ISIS-K based?",
        "When did ISIS-K emerge?",
        "What does the K in ISIS-K stand for?",
        "Which band was about to play at Crocus City Hall?",
        "How many people were arrested after the attack?",
        "What did Putin say about Ukraine?",
        "What happened at Kabul airport in 2021?",
        "What is the capital of Australia?",
    ];

    public static IngestionPipeline CreatePipeline()
        => new(Options.Create(new ChunkingOptions()), NullLogger<IngestionPipeline>.Instance);

    public static IngestionResult Ingest()
        => CreatePipeline().IngestAsync(RepoPaths.Seeds).GetAwaiter().GetResult();
}
