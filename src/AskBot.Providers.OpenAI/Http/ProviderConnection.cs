namespace AskBot.Providers.OpenAI.Http;

/// <summary>Everything needed to talk to one OpenAI-compatible API, resolved from a settings section.</summary>
/// <param name="ProviderName">Provider as configured (for fingerprints and messages).</param>
/// <param name="Endpoint">Base URL (ending in <c>/v1</c>), or null for api.openai.com.</param>
/// <param name="Model">Model or deployment name.</param>
/// <param name="ApiKey">API key, or null when the server needs none. Never logged or put in a message.</param>
/// <param name="Timeout">Time allowed for one attempt.</param>
/// <param name="MaxRetries">Retries after a transient failure.</param>
/// <param name="SectionName">Settings section (e.g. <c>AskBot:Chat</c>), for messages that name a setting.</param>
internal sealed record ProviderConnection(
    string ProviderName,
    Uri? Endpoint,
    string Model,
    string? ApiKey,
    TimeSpan Timeout,
    int MaxRetries,
    string SectionName)
{
    /// <summary>Sent when no key is configured: the SDK needs a credential, local servers ignore it.</summary>
    public const string PlaceholderApiKey = "no-key";

    /// <summary>The key to send: the configured one or <see cref="PlaceholderApiKey"/>.</summary>
    public string EffectiveApiKey => string.IsNullOrWhiteSpace(this.ApiKey) ? PlaceholderApiKey : this.ApiKey;

    /// <summary>The environment variable that sets the key of this section (e.g. <c>AskBot__Chat__ApiKey</c>).</summary>
    public string ApiKeyEnvironmentVariable => this.SectionName.Replace(":", "__", StringComparison.Ordinal) + "__ApiKey";

    /// <summary>The configuration path of the key (e.g. <c>AskBot:Chat:ApiKey</c>).</summary>
    public string ApiKeySettingPath => this.SectionName + ":ApiKey";

    /// <summary>Removes the API key from a text built from provider responses or exceptions.</summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return string.IsNullOrWhiteSpace(this.ApiKey) || this.ApiKey.Length < 4
            ? text
            : text.Replace(this.ApiKey, "***", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => $"{this.ProviderName} {this.Endpoint?.ToString() ?? "(default endpoint)"} {this.Model}";
}
