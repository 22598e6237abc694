using System.Text.Json;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot ask</c> against the real pipeline: text and JSON output, verbatim quotes, refusals, hostile input.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class AskCommandTests(IndexedCorpusFixture fixture)
{
    private static readonly string[] TopLevelFields =
        ["question", "standaloneQuestion", "answer", "refused", "provider", "notes", "citations", "retrieved", "timingsMs"];

    private static readonly string[] CitationFields = ["n", "docId", "title", "quote", "start", "end"];

    private static readonly string[] RetrievedFields = ["docId", "chunkId", "score", "text", "start", "end"];

    private TestWorkspace Workspace => fixture.Workspace;

    [Fact]
    public async Task Ask_json_prints_only_the_schema_document_with_verbatim_quotes()
    {
        var result = await this.Workspace.RunAsync("ask", "Who leads ISIS-K?", "--json");

        result.AssertExitCode(0).AssertNoStackTrace();
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        foreach (var field in TopLevelFields)
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing '{field}' in {result.StdOut}");
        }

        Assert.Equal("Who leads ISIS-K?", root.GetProperty("question").GetString());
        Assert.False(root.GetProperty("refused").GetBoolean());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("notes").ValueKind);
        foreach (var timing in new[] { "retrieve", "answer", "total" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty("timingsMs").GetProperty(timing).ValueKind);
        }

        var citations = root.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        for (var i = 0; i < citations.Count; i++)
        {
            var citation = citations[i];
            foreach (var field in CitationFields)
            {
                Assert.True(citation.TryGetProperty(field, out _), $"citation lacks '{field}'");
            }

            Assert.Equal(i + 1, citation.GetProperty("n").GetInt32());
            var text = this.Workspace.ReadDocument(citation.GetProperty("docId").GetString()!);
            var quote = text[citation.GetProperty("start").GetInt32()..citation.GetProperty("end").GetInt32()];
            Assert.Equal(quote, citation.GetProperty("quote").GetString());
            Assert.Contains($"[{i + 1}]", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
        }

        var retrieved = root.GetProperty("retrieved").EnumerateArray().ToList();
        Assert.NotEmpty(retrieved);
        foreach (var chunk in retrieved)
        {
            foreach (var field in RetrievedFields)
            {
                Assert.True(chunk.TryGetProperty(field, out _), $"retrieved chunk lacks '{field}'");
            }

            var text = this.Workspace.ReadDocument(chunk.GetProperty("docId").GetString()!);
            Assert.Equal(text[chunk.GetProperty("start").GetInt32()..chunk.GetProperty("end").GetInt32()], chunk.GetProperty("text").GetString());
        }
    }

    [Fact]
    public async Task Ask_prints_the_answer_then_only_the_cited_sources()
    {
        var json = await this.Workspace.RunAsync("ask", "Who leads ISIS-K?", "--json");
        using var document = JsonDocument.Parse(json.AssertExitCode(0).StdOut);
        var cited = document.RootElement.GetProperty("citations").EnumerateArray()
            .Select(c => (N: c.GetProperty("n").GetInt32(), DocId: c.GetProperty("docId").GetString()!))
            .ToList();

        var result = await this.Workspace.RunAsync("ask", "Who leads ISIS-K?");

        result.AssertExitCode(0).AssertNoStackTrace();
        var lines = result.StdOut.Split('\n');
        var sourcesAt = Array.IndexOf(lines, "Sources");
        Assert.True(sourcesAt > 0, result.ToString());
        var headers = lines.Skip(sourcesAt + 1).Where(line => line.StartsWith('[')).ToList();
        Assert.Equal(cited.Count, headers.Count);
        foreach (var ((n, docId), header) in cited.Zip(headers))
        {
            Assert.StartsWith($"[{n}] ", header, StringComparison.Ordinal);
            Assert.EndsWith($"({docId})", header, StringComparison.Ordinal);
        }

        Assert.Contains(lines.Skip(sourcesAt + 1), line => line.StartsWith("    \"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refusal_prints_no_sources()
    {
        const string offTopic = "What is the boiling point of tungsten in kelvin?";
        var json = await this.Workspace.RunAsync("ask", offTopic, "--json");
        using var document = JsonDocument.Parse(json.AssertExitCode(0).StdOut);
        Assert.True(document.RootElement.GetProperty("refused").GetBoolean(), json.StdOut);
        Assert.Empty(document.RootElement.GetProperty("citations").EnumerateArray());

        var result = await this.Workspace.RunAsync("ask", offTopic);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.DoesNotContain("Sources", result.StdOut, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(result.StdOut));
    }

    [Theory]
    [InlineData("Who leads ISIS-K?\u0007")]
    [InlineData("\u001b[31mWho leads ISIS-K?\u001b[0m")]
    [InlineData("Who leads\u202E ISIS-K?\u0008\u0008")]
    public async Task Control_characters_in_a_question_never_reach_stdout_raw(string question)
    {
        var text = await this.Workspace.RunAsync("ask", question);
        var json = await this.Workspace.RunAsync("ask", question, "--json");

        foreach (var result in new[] { text, json })
        {
            result.AssertExitCode(0).AssertNoStackTrace();
            Assert.DoesNotContain(result.StdOut, c => (char.IsControl(c) && c != '\n') || c == '\u202E');
        }

        using var document = JsonDocument.Parse(json.StdOut);
        Assert.Contains("ISIS-K", document.RootElement.GetProperty("question").GetString(), StringComparison.Ordinal);
    }
}
