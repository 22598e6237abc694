using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Settings of the <c>AskBot:Eval:Judge</c> section: the OpenAI-compatible chat model that judges groundedness in
/// <c>askbot eval</c>. It is deliberately separate from <c>AskBot:Chat</c> so the answerer never grades itself;
/// without it groundedness is not measured.
/// </summary>
public sealed class JudgeOptions : IValidatableObject
{
    public const string SectionName = "AskBot:Eval:Judge";

    /// <summary>Key of the judge's <c>IChatCompletionService</c> in the service provider (registered by an LLM provider package).</summary>
    public const string ServiceKey = SectionName;

    /// <summary>Base URL of the judge's OpenAI-compatible API (e.g. <c>http://localhost:8080/v1</c>); required with <see cref="Model"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The judge's model name; required with <see cref="Endpoint"/>.</summary>
    public string? Model { get; set; }

    /// <summary>API key. Comes from <c>AskBot__Eval__Judge__ApiKey</c> or user secrets, never from the committed appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Time allowed for one request to the judge.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries after a transient failure before the answer's groundedness is left out.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>True when both the endpoint and the model are set: only then is groundedness measured.</summary>
    public bool IsConfigured => this.Endpoint is not null && !string.IsNullOrWhiteSpace(this.Model);

    /// <summary>Host and port of <see cref="Endpoint"/>, for reports: a path or query could carry a secret.</summary>
    public string? EndpointHost => this.Endpoint is { IsAbsoluteUri: true } endpoint ? endpoint.Authority : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Half a judge is a mistake, not a choice to skip groundedness: fail at start instead of silently not measuring.
        if (this.Endpoint is null && !string.IsNullOrWhiteSpace(this.Model))
        {
            yield return new ValidationResult($"{SectionName}:Endpoint is required when {SectionName}:Model is set (the base URL of the OpenAI-compatible API, e.g. http://localhost:8080/v1)", [nameof(this.Endpoint)]);
        }

        if (this.Endpoint is not null && string.IsNullOrWhiteSpace(this.Model))
        {
            yield return new ValidationResult($"{SectionName}:Model is required when {SectionName}:Endpoint is set", [nameof(this.Model)]);
        }

        if (this.Endpoint is not null && (!this.Endpoint.IsAbsoluteUri || (this.Endpoint.Scheme != Uri.UriSchemeHttp && this.Endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"{SectionName}:Endpoint must be an absolute http(s) URL", [nameof(this.Endpoint)]);
        }
    }
}
