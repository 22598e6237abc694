using System.Text;
using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;

namespace AskBot.Core.Tests.TestSupport;

/// <summary>Loads the repository's seed files and runs the ingestion stages over them for the Corpus/Chunking tests.</summary>
internal static class IngestionSeeds
{
    public const string File000 = "000_75d4ad7e9ff018e8";
    public const string File001 = "001_faa7436319fd51a6";
    public const string File002 = "002_fc0c1c971fc1d54f";
    public const string File003 = "003_26fd3d1fdfb685db";
    public const string File004 = "004_d94aee2dc3f94628";

    /// <summary>Every line of the seeds that is page boilerplate or a copyright/syndication note (must never reach a chunk).</summary>
    public static readonly IReadOnlyList<string> BoilerplateLines =
    [
        "Photos: Russia Concert Hall Attack",
        "Share.",
        "Leave A Reply",
        "Exit mobile version",
        "c.2024 The New York Times Company",
        "Moscow attack: Debunking the false claims",
        "Steve Rosenberg: As Russia mourns, how will Putin react?",
        "Bullets and panic - the Moscow concert that became a massacre",
        "No comments:",
        "Post a Comment",
        "This story was originally published by Reuters.",
        "According to the news on Radio New Zealand",
        "Related News",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Back to top button",
    ];

    public static string Root => RepoPaths.Root;

    public static string SeedsPath => Path.Combine(Root, "seeds");

    public static IReadOnlyList<string> AllIds => [File000, File001, File002, File003, File004];

    public static SourceDocument Load(string docId)
    {
        var path = Path.Combine(SeedsPath, docId + ".txt");
        return new SourceDocument(docId, path, File.ReadAllText(path, Encoding.UTF8));
    }

    public static IReadOnlyList<SourceDocument> LoadAll() => AllIds.Select(Load).ToList();

    public static ArticleSplitter NewSplitter() => new(new BoilerplateClassifier());

    public static Chunker NewChunker() => new(new SentenceSplitter());

    public static IReadOnlyList<Article> Articles(string docId) => NewSplitter().Split(Load(docId)).Articles;

    /// <summary>All chunks of one document before de-duplication.</summary>
    public static IReadOnlyList<Chunk> Chunks(SourceDocument document, ChunkingOptions? options = null)
    {
        var chunker = NewChunker();
        return NewSplitter().Split(document).Articles
            .SelectMany(a => chunker.CreateChunks(document, a, options ?? new ChunkingOptions()))
            .ToList();
    }

    /// <summary>The trimmed, non-blank lines of a text.</summary>
    public static IReadOnlyList<string> LinesOf(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
