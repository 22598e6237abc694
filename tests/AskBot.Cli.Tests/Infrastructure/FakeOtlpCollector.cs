using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>
/// A minimal OTLP/HTTP collector (HttpListener on a free local port) for process tests: it accepts every POST (e.g.
/// <c>/v1/traces</c>, <c>/v1/metrics</c>) with an empty 200 and keeps the bodies. OTLP protobuf carries names as plain
/// UTF-8, so a test can look for an instrument or span name in a body without decoding it.
/// </summary>
public sealed class FakeOtlpCollector : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> requests = new();
    private readonly Task loop;

    public FakeOtlpCollector()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            this.Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        this.listener.Prefixes.Add(this.Endpoint.ToString());
        this.listener.Start();
        this.loop = Task.Run(this.ServeAsync);
    }

    /// <summary>The base URL for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Whether any request to <paramref name="path"/> carried <paramref name="text"/>.</summary>
    public bool Received(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return this.requests.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    /// <summary>The paths requested, for failure messages.</summary>
    public IReadOnlyList<string> Paths => this.requests.Select(r => r.Path).ToList();

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

    private async Task ServeAsync()
    {
        while (this.listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await this.listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var body = new MemoryStream())
            {
                await context.Request.InputStream.CopyToAsync(body);
                this.requests.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
