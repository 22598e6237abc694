using System.ClientModel;
using System.Net;
using System.Text.Json;
using AskBot.Core.Answering;
using Microsoft.SemanticKernel;
using Polly.Timeout;

namespace AskBot.Providers.OpenAI.Http;

/// <summary>What went wrong in a provider call, as a short, secret-free reason.</summary>
/// <param name="Reason">Short predicate without secrets (no response bodies, no keys), e.g. "answered HTTP 429 after 3 attempts".</param>
/// <param name="Status">HTTP status, when the provider answered.</param>
/// <param name="IsMalformedResponse">The response could not be read (bad JSON, missing fields); never retried.</param>
internal sealed record ProviderFailure(string Reason, HttpStatusCode? Status, bool IsMalformedResponse)
{
    /// <summary>True for 401 and 403.</summary>
    public bool IsAuthentication => this.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>
    /// Classifies <paramref name="exception"/>; null when it must propagate unchanged (the caller cancelled,
    /// or it already is a <see cref="ChatProviderException"/>).
    /// </summary>
    public static ProviderFailure? Classify(Exception exception, ProviderConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(connection);
        if (exception is ChatProviderException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        var status = StatusOf(exception);
        if (status is { } code)
        {
            return new ProviderFailure($"answered HTTP {(int)code} after {Attempts(connection)}", code, false);
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case TimeoutRejectedException or TimeoutException or OperationCanceledException:
                    return new ProviderFailure($"gave no response within {connection.Timeout.TotalSeconds:0.###} s ({Attempts(connection)})", null, false);
                case HttpRequestException:
                    return new ProviderFailure($"could not be reached ({Attempts(connection)})", null, false);
                case JsonException or FormatException or KeyNotFoundException or ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidOperationException:
                    return new ProviderFailure($"sent a malformed response ({current.GetType().Name})", null, true);
            }
        }

        return new ProviderFailure($"failed ({exception.GetType().Name})", null, false);
    }

    /// <summary>An inner exception safe to keep: the original unless its messages could carry secrets or response text.</summary>
    public Exception SafeInner(Exception exception, ProviderConnection connection)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(connection);
        if (this.Status is { } status)
        {
            // The SDK puts the provider's error body in the message; some providers echo (part of) the key.
            return new HttpRequestException($"HTTP {(int)status} {status}", null, status);
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (!string.Equals(connection.Scrub(current.Message), current.Message, StringComparison.Ordinal))
            {
                return new InvalidOperationException(connection.Scrub(exception.Message));
            }
        }

        return exception;
    }

    private static string Attempts(ProviderConnection connection) =>
        connection.MaxRetries == 0 ? "1 attempt" : $"{connection.MaxRetries + 1} attempts";

    private static HttpStatusCode? StatusOf(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpOperationException { StatusCode: { } code }:
                    return code;
                case ClientResultException { Status: > 0 } result:
                    return (HttpStatusCode)result.Status;
                case HttpRequestException { StatusCode: { } code }:
                    return code;
            }
        }

        return null;
    }
}
