using System.Net;
using System.Text.Json;

namespace AskBot.Providers.OpenAI.Tests.Fakes;

/// <summary>One scripted reply of <see cref="FakeOpenAIServer"/>.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Body">Body sent as one piece (ignored when <paramref name="SseEvents"/> is set).</param>
/// <param name="ContentType">Content type of <paramref name="Body"/>.</param>
/// <param name="Headers">Extra response headers (e.g. Retry-After).</param>
/// <param name="Delay">Wait before answering (aborted when the client gives up).</param>
/// <param name="SseEvents">Server-sent events: each item becomes <c>data: item</c>, followed by <c>data: [DONE]</c>.</param>
public sealed record FakeResponse(
    HttpStatusCode StatusCode,
    string Body,
    string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan Delay = default,
    IReadOnlyList<string>? SseEvents = null)
{
    /// <summary>A <c>chat.completion</c> whose first choice says <paramref name="content"/>.</summary>
    public static FakeResponse Chat(string content, string finishReason = "stop", string model = "fake-model") =>
        new(HttpStatusCode.OK, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason },
            },
            usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
        }));

    /// <summary>A streamed answer: one <c>chat.completion.chunk</c> per delta, then a chunk with finish_reason stop.</summary>
    public static FakeResponse ChatStream(params string[] deltas)
    {
        var events = new List<string>();
        for (var i = 0; i < deltas.Length; i++)
        {
            object delta = i == 0 ? new { role = "assistant", content = deltas[i] } : new { content = deltas[i] };
            events.Add(Chunk(delta, null));
        }

        events.Add(Chunk(new { }, "stop"));
        return new FakeResponse(HttpStatusCode.OK, string.Empty, "text/event-stream", SseEvents: events);

        static string Chunk(object delta, string? finishReason) => JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = "fake-model",
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        });
    }

    /// <summary>An OpenAI-style error body with <paramref name="status"/>.</summary>
    public static FakeResponse Error(HttpStatusCode status, string message = "fake error", IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message, type = "fake_error", code = (string?)null } }), Headers: headers);

    /// <summary>An <c>embedding</c> list, one vector per input.</summary>
    public static FakeResponse Embeddings(params float[][] vectors) =>
        new(HttpStatusCode.OK, JsonSerializer.Serialize(new
        {
            @object = "list",
            data = vectors.Select((v, i) => new { @object = "embedding", index = i, embedding = v }).ToArray(),
            model = "fake-embedding",
            usage = new { prompt_tokens = 3, total_tokens = 3 },
        }));
}

/// <summary>What the fake server received.</summary>
/// <param name="Path">Request path.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Body">The request body.</param>
public sealed record FakeRequest(string Path, string? Authorization, string Body)
{
    /// <summary>The body's <c>model</c>.</summary>
    public string? Model => this.Json().TryGetProperty("model", out var model) ? model.GetString() : null;

    /// <summary>The body's <c>stream</c> flag.</summary>
    public bool Stream => this.Json().TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>The parsed body.</summary>
    public JsonElement Json() => JsonDocument.Parse(this.Body).RootElement.Clone();
}
