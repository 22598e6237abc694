using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AskBot.Providers.OpenAI.Tests.Fakes;

/// <summary>
/// An OpenAI-compatible server on a random local port (Kestrel): POST <c>/v1/chat/completions</c> (JSON or SSE)
/// and POST <c>/v1/embeddings</c>. Each test scripts the replies in order; when the script is empty the
/// <see cref="Responder"/> (if set) picks a reply from the request, otherwise the fallback reply is sent.
/// Every request is logged.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeResponse> script = new();
    private readonly ConcurrentQueue<FakeRequest> requests = new();

    private FakeOpenAIServer(WebApplication app)
    {
        this.app = app;
    }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The OpenAI-style base URL (<see cref="BaseAddress"/> + <c>/v1</c>).</summary>
    public Uri V1 => new(this.BaseAddress, "v1");

    /// <summary>Sent when the script is empty.</summary>
    public FakeResponse Fallback { get; set; } = FakeResponse.Error(HttpStatusCode.InternalServerError, "no scripted response");

    /// <summary>Chooses the reply from the request when the script is empty; null (or a null reply) sends <see cref="Fallback"/>.</summary>
    public Func<FakeRequest, FakeResponse?>? Responder { get; set; }

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => this.requests.ToArray();

    /// <summary>Starts a server on http://127.0.0.1 with a free port.</summary>
    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/v1/embeddings", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Queues replies, sent one per request in order.</summary>
    public FakeOpenAIServer Enqueue(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            this.script.Enqueue(response);
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        // A request counts as received even when the client gives up (its timeout) while its body is being read:
        // timeout tests count attempts, and on a loaded machine the read can still be in progress.
        var body = string.Empty;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }

        var request = new FakeRequest(context.Request.Path, context.Request.Headers.Authorization.FirstOrDefault(), body);
        this.requests.Enqueue(request);
        var reply = this.script.TryDequeue(out var next) ? next : this.Responder?.Invoke(request) ?? this.Fallback;
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = (int)reply.StatusCode;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = reply.ContentType;
            if (reply.SseEvents is null)
            {
                await context.Response.WriteAsync(reply.Body, context.RequestAborted);
                return;
            }

            foreach (var data in reply.SseEvents)
            {
                await context.Response.WriteAsync($"data: {data}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout): nothing to send.
        }
    }
}
