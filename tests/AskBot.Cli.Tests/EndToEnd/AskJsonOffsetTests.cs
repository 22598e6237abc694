using System.Text;
using System.Text.Json;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// <c>ask --json</c> offsets on a file with emoji, flags, skin tones, curly quotes and Cyrillic before the answer: each
/// offset pair slices the same text out of the file in its own unit (UTF-8 bytes, code points, UTF-16 units).
/// </summary>
public sealed class AskJsonOffsetTests : IDisposable
{
    private const string DocId = "gull_island";

    // Every line before the answer holds characters of 2, 3 and 4 UTF-8 bytes, surrogate pairs and multi-scalar
    // emoji, so a reader counting in the wrong unit lands elsewhere.
    private const string Article =
        "Gull Island Keepers Remember ⚡️\n"
        + "Анна “Anya” Petrova 👍🏽 🇷🇺\n"
        + "Mon, March 25, 2024\n"
        + "\n"
        + "The island’s keepers — “the last of their kind” — logged every storm ⚡️ that crossed the strait 🌊.\n"
        + "\n"
        + "Местные рыбаки называют его «старым маяком», and the name stuck 👍🏽 among visitors from 🇷🇺 and beyond.\n"
        + "\n"
        + "The lighthouse on Gull Island was built in 1871. Its lamp was first lit in the spring of 1872, and it has guided fishing boats ever since.\n"
        + "\n"
        + "A museum in the keeper’s cottage opened in 1998 and now welcomes about 12,000 visitors a year.\n";

    private readonly TestWorkspace workspace = TestWorkspace.Create("000_75d4ad7e9ff018e8");

    public AskJsonOffsetTests()
    {
        File.WriteAllText(Path.Combine(this.workspace.Corpus, DocId + ".txt"), Article, new UTF8Encoding(false));
    }

    public void Dispose() => this.workspace.Dispose();

    [Fact]
    public async Task Utf8_code_point_and_utf16_offsets_each_slice_the_quote_and_chunk_text_out_of_the_file()
    {
        var result = await this.workspace.RunAsync("ask", "When was the lighthouse on Gull Island built?", "--json");

        result.AssertExitCode(0).AssertNoStackTrace();
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;

        var retrieved = root.GetProperty("retrieved").EnumerateArray().ToList();
        Assert.Contains(retrieved, r => r.GetProperty("docId").GetString() == DocId);
        foreach (var chunk in retrieved)
        {
            this.AssertSlices(chunk, chunk.GetProperty("text").GetString()!);
        }

        var citations = root.GetProperty("citations").EnumerateArray().ToList();
        if (!root.GetProperty("refused").GetBoolean())
        {
            Assert.Contains(citations, c => c.GetProperty("docId").GetString() == DocId);
        }

        foreach (var citation in citations)
        {
            this.AssertSlices(citation, citation.GetProperty("quote").GetString()!);
        }

        // The file's non-ASCII prefix must make the three units disagree, or the test proves nothing.
        var own = retrieved.First(r => r.GetProperty("docId").GetString() == DocId);
        var start = own.GetProperty("start").GetInt32();
        Assert.True(own.GetProperty("startUtf8").GetInt32() > start, result.StdOut);
        Assert.True(own.GetProperty("startCodePoint").GetInt32() < start, result.StdOut);
    }

    private void AssertSlices(JsonElement item, string expected)
    {
        var path = Path.Combine(this.workspace.Corpus, item.GetProperty("docId").GetString()! + ".txt");
        var bytes = File.ReadAllBytes(path);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the offsets below assume a file without a BOM");

        var utf8 = bytes[item.GetProperty("startUtf8").GetInt32()..item.GetProperty("endUtf8").GetInt32()];
        Assert.Equal(expected, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8));

        var text = Encoding.UTF8.GetString(bytes);
        var codePoints = text.EnumerateRunes().ToList();
        var cut = codePoints[item.GetProperty("startCodePoint").GetInt32()..item.GetProperty("endCodePoint").GetInt32()];
        Assert.Equal(expected, string.Concat(cut.Select(r => r.ToString())));

        Assert.Equal(expected, text[item.GetProperty("start").GetInt32()..item.GetProperty("end").GetInt32()]);
    }
}
