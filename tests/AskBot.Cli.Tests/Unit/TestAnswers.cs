using AskBot.Core.Answering;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;

namespace AskBot.Cli.Tests.Unit;

/// <summary>Hand-made <see cref="AskResult"/>s for in-process tests.</summary>
internal static class TestAnswers
{
    public const string DocId = "000_75d4ad7e9ff018e8";

    public static AskResult Cited(string question = "Who leads ISIS-K?", string? standalone = null)
    {
        const string quote = "ISIS-K is based in eastern Afghanistan and Pakistan and is led by a 29-year-old named Sanaullah Ghafari.";
        var chunk = new Chunk($"{DocId}#0.3", DocId, 0, "Who is ISIS-K?", "By Jane Doe", "March 25, 2024", quote, 100, 100 + quote.Length, [], BlockKind.Body);
        return new AskResult(
            question,
            standalone ?? question,
            "Sanaullah Ghafari leads ISIS-K [1].",
            false,
            "Extractive",
            ["Figures differ between sources."],
            [new Citation(1, DocId, "Who is ISIS-K?", "By Jane Doe", "March 25, 2024", quote, 100, 100 + quote.Length, chunk.ChunkId)],
            [new RetrievedChunk(chunk, 0.875, 7.5, 0.4)],
            new AskTimings(1.25, 2.5, 3.75));
    }

    public static AskResult Refusal(string question = "What is the boiling point of tungsten?") => new(
        question,
        question,
        "The articles don't say.",
        true,
        "Extractive",
        [],
        [],
        [],
        new AskTimings(1, 1, 2));
}
