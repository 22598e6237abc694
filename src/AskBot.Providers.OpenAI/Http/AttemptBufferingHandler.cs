namespace AskBot.Providers.OpenAI.Http;

/// <summary>
/// Sits inside the resilience pipeline: buffers the request body once (so a retry resends the same bytes) and reads a
/// non-streamed response body within the attempt, so a body that stalls counts as that attempt's timeout. Server-sent
/// event streams pass through unbuffered; their lifetime is bounded by the caller's token (the answer budget).
/// </summary>
internal sealed class AttemptBufferingHandler : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
