using System.Text.Json;
using AskBot.Cli.Output;
using AskBot.Core.Text;

namespace AskBot.Cli.Tests.Unit;

/// <summary>The <c>ask --json</c> contract.</summary>
public sealed class AnswerJsonTests
{
    [Fact]
    public void Json_uses_exactly_the_contract_names()
    {
        using var json = JsonDocument.Parse(AnswerJson.From(TestAnswers.Cited()).ToJson());
        var root = json.RootElement;

        Assert.Equal(
            ["question", "standaloneQuestion", "answer", "refused", "provider", "notes", "citations", "retrieved", "timingsMs"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["n", "docId", "title", "byline", "date", "quote", "start", "end", "startUtf8", "endUtf8", "startCodePoint", "endCodePoint", "sourceFile", "page"],
            root.GetProperty("citations")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["docId", "chunkId", "score", "text", "start", "end", "startUtf8", "endUtf8", "startCodePoint", "endCodePoint"],
            root.GetProperty("retrieved")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["retrieve", "answer", "total"], root.GetProperty("timingsMs").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Offsets_are_written_in_each_unit_and_as_null_when_unknown()
    {
        var result = TestAnswers.Cited();
        result = result with { Citations = [result.Citations[0] with { Offsets = new SpanOffsets(104, 210, 98, 204) }] };

        using var json = JsonDocument.Parse(AnswerJson.From(result).ToJson());

        var citation = json.RootElement.GetProperty("citations")[0];
        Assert.Equal(104, citation.GetProperty("startUtf8").GetInt32());
        Assert.Equal(210, citation.GetProperty("endUtf8").GetInt32());
        Assert.Equal(98, citation.GetProperty("startCodePoint").GetInt32());
        Assert.Equal(204, citation.GetProperty("endCodePoint").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("retrieved")[0].GetProperty("startUtf8").ValueKind);
    }

    [Fact]
    public void Missing_title_is_written_as_null()
    {
        var result = TestAnswers.Cited();
        result = result with { Citations = [result.Citations[0] with { Title = null }] };

        using var json = JsonDocument.Parse(AnswerJson.From(result).ToJson());

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("citations")[0].GetProperty("title").ValueKind);
    }

    [Fact]
    public void Non_ascii_stays_readable_and_control_characters_are_escaped()
    {
        var result = TestAnswers.Cited() with { Answer = "The country’s “rock” band — \u001b[31m" };

        var text = AnswerJson.From(result).ToJson();

        Assert.Contains("The country’s “rock” band —", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
        Assert.Equal(result.Answer, JsonDocument.Parse(text).RootElement.GetProperty("answer").GetString());
    }
}
