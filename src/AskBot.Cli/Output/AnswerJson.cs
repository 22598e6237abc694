using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AskBot.Core.Answering;

namespace AskBot.Cli.Output;

/// <summary>The <c>ask --json</c> document. Its property names are a public contract: change them only deliberately.</summary>
public sealed record AnswerJson(
    string Question,
    string StandaloneQuestion,
    string Answer,
    bool Refused,
    string Provider,
    IReadOnlyList<string> Notes,
    IReadOnlyList<CitationJson> Citations,
    IReadOnlyList<RetrievedJson> Retrieved,
    TimingsJson TimingsMs)
{
    /// <summary>Maps an <see cref="AskResult"/> to the JSON contract.</summary>
    public static AnswerJson From(AskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new AnswerJson(
            result.Question,
            result.StandaloneQuestion,
            result.Answer,
            result.Refused,
            result.Provider,
            result.Notes,
            result.Citations.Select(c => new CitationJson(
                c.N, c.DocId, c.Title, c.Byline, c.Date, c.Quote, c.Start, c.End,
                c.Offsets?.StartUtf8, c.Offsets?.EndUtf8, c.Offsets?.StartCodePoint, c.Offsets?.EndCodePoint, c.SourceFile, c.Page)).ToList(),
            result.Retrieved.Select(r => new RetrievedJson(
                r.Chunk.DocId, r.Chunk.ChunkId, r.Score, r.Chunk.Text, r.Chunk.Start, r.Chunk.End,
                r.Offsets?.StartUtf8, r.Offsets?.EndUtf8, r.Offsets?.StartCodePoint, r.Offsets?.EndCodePoint)).ToList(),
            new TimingsJson(Math.Round(result.Timings.RetrieveMs, 1), Math.Round(result.Timings.AnswerMs, 1), Math.Round(result.Timings.TotalMs, 1)));
    }

    /// <summary>Serialises indented, camelCase, with non-ASCII text left readable (control characters are still escaped).</summary>
    public string ToJson()
    {
        var options = new JsonSerializerOptions(AnswerJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return JsonSerializer.Serialize(this, new AnswerJsonContext(options).AnswerJson);
    }
}

/// <summary>
/// One cited source in <see cref="AnswerJson"/>. <c>Start</c>/<c>End</c> count UTF-16 units, <c>StartUtf8</c>/<c>EndUtf8</c>
/// UTF-8 bytes and <c>StartCodePoint</c>/<c>EndCodePoint</c> code points of the same file text; the latter are null only
/// for a result that was not produced by answering. <c>SourceFile</c> names the corpus file the quote was read from and
/// <c>Page</c> its page for a PDF (null otherwise).
/// </summary>
public sealed record CitationJson(
    int N,
    string DocId,
    string? Title,
    string? Byline,
    string? Date,
    string Quote,
    int Start,
    int End,
    int? StartUtf8,
    int? EndUtf8,
    int? StartCodePoint,
    int? EndCodePoint,
    string? SourceFile = null,
    int? Page = null);

/// <summary>One retrieved chunk in <see cref="AnswerJson"/>, its offsets in the same three units as <see cref="CitationJson"/>.</summary>
public sealed record RetrievedJson(
    string DocId,
    string ChunkId,
    double Score,
    string Text,
    int Start,
    int End,
    int? StartUtf8,
    int? EndUtf8,
    int? StartCodePoint,
    int? EndCodePoint);

/// <summary>Stage timings in milliseconds.</summary>
public sealed record TimingsJson(double Retrieve, double Answer, double Total);

/// <summary>Source-generated serialisation of <see cref="AnswerJson"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AnswerJson))]
internal sealed partial class AnswerJsonContext : JsonSerializerContext;
