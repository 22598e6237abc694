using System.Text.Json;

namespace AskBot.Discord.Tests.Fakes;

/// <summary>One request the fake REST server received.</summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">Path below <c>/api/v10</c>, e.g. <c>/channels/1/messages</c> (decoded).</param>
/// <param name="FullPath">Path as received, e.g. <c>/api/v10/channels/1/messages</c>.</param>
/// <param name="Headers">Request headers (content headers included), case-insensitive names.</param>
/// <param name="Body">Raw body text; empty when there is none.</param>
/// <param name="Timestamp">When the request arrived (after its body was read).</param>
public sealed record FakeDiscordRestRequest(
    string Method,
    string Path,
    string FullPath,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset Timestamp)
{
    /// <summary>The value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => this.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body parsed as JSON (a clone, so no document needs disposing).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(this.Body);
        return document.RootElement.Clone();
    }

    /// <summary>True when this request has <paramref name="method"/> and <paramref name="path"/> (below <c>/api/v10</c>).</summary>
    public bool Is(string method, string path) =>
        string.Equals(this.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(this.Path, path, StringComparison.Ordinal);
}
