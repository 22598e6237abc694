using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AskBot.Testing;

namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>
/// A minimal OpenAI-compatible chat server (HttpListener on a free local port) for process tests: it answers
/// POST <c>/v1/chat/completions</c> with the first sentence of source [1] of the prompt, cited as [1]
/// (plain JSON, or SSE when <c>stream</c> is true), or with a fixed error status.
/// </summary>
public sealed class FakeChatServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<string?> authorizations = new();
    private readonly HttpStatusCode? failWith;
    private readonly Task loop;

    private FakeChatServer(HttpStatusCode? failWith)
    {
        this.failWith = failWith;
        var port = FreePort();
        this.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        this.listener.Prefixes.Add(this.BaseAddress.ToString());
        this.listener.Start();
        this.loop = Task.Run(this.ServeAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>The OpenAI-style base URL, <c>…/v1</c>.</summary>
    public string V1 => new Uri(this.BaseAddress, "v1").ToString();

    /// <summary>Authorization headers received, one per request.</summary>
    public IReadOnlyList<string?> Authorizations => this.authorizations.ToArray();

    /// <summary>A server that answers, citing [1].</summary>
    public static FakeChatServer Answering() => new(null);

    /// <summary>A server that answers every request with <paramref name="status"/> and an error body echoing the key.</summary>
    public static FakeChatServer Failing(HttpStatusCode status) => new(status);

    public void Dispose()
    {
        this.listener.Stop();
        this.listener.Close();
        try
        {
            this.loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string AnswerFor(string requestBody)
    {
        using var request = JsonDocument.Parse(requestBody);
        var user = request.RootElement.GetProperty("messages").EnumerateArray()
            .Last(m => m.GetProperty("role").GetString() == "user")
            .GetProperty("content").GetString() ?? string.Empty;
        var sources = PromptSources.Parse(user);
        if (sources.Count == 0)
        {
            return "The articles don't cover that.";
        }

        var text = sources[0].Text.Trim();
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? text[..(end + 1)] : text;
        return sentence + " [1]";
    }

    private async Task ServeAsync()
    {
        while (this.listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await this.listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await this.HandleAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or JsonException or InvalidOperationException)
            {
                context.Response.Abort();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        this.authorizations.Enqueue(context.Request.Headers["Authorization"]);
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var response = context.Response;
        if (this.failWith is { } status)
        {
            var key = (context.Request.Headers["Authorization"] ?? string.Empty).Replace("Bearer ", string.Empty, StringComparison.Ordinal);
            await WriteAsync(response, (int)status, "application/json", JsonSerializer.Serialize(new { error = new { message = $"Incorrect API key provided: {key}", type = "invalid_request_error" } }));
            return;
        }

        var answer = AnswerFor(body);
        using var request = JsonDocument.Parse(body);
        if (request.RootElement.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            var events = new StringBuilder();
            foreach (var piece in answer.Split(' '))
            {
                events.Append("data: ").Append(Chunk(new { content = piece + " " }, null)).Append("\n\n");
            }

            events.Append("data: ").Append(Chunk(new { }, "stop")).Append("\n\ndata: [DONE]\n\n");
            await WriteAsync(response, 200, "text/event-stream", events.ToString());
            return;
        }

        await WriteAsync(response, 200, "application/json", JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = "fake-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
        }));

        static string Chunk(object delta, string? finishReason) => JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = "fake-model",
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        });
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
