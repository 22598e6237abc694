using AskBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace AskBot.Providers.OpenAI;

/// <summary>Start-up checks of <c>AskBot:Chat</c> for the LLM providers: model set, endpoint present and absolute where needed, OpenAI given a key.</summary>
internal sealed class ChatProviderOptionsValidator : IValidateOptions<ChatOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Provider.IsLanguageModel())
        {
            return ValidateOptionsResult.Skip;
        }

        return ProviderOptionsValidation.Check(
            ChatOptions.SectionName,
            options.Provider.ToString(),
            options.Endpoint,
            options.Model,
            options.ApiKey,
            endpointRequired: options.Provider == ChatProviders.OpenAICompatible,
            keyRequired: options.Provider == ChatProviders.OpenAI);
    }
}

/// <summary>Start-up checks of <c>AskBot:Embeddings</c> for the API providers.</summary>
internal sealed class EmbeddingProviderOptionsValidator : IValidateOptions<EmbeddingsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider is EmbeddingProviders.MlNet or EmbeddingProviders.Onnx)
        {
            return ValidateOptionsResult.Skip;
        }

        return ProviderOptionsValidation.Check(
            EmbeddingsOptions.SectionName,
            options.Provider.ToString(),
            options.Endpoint,
            options.Model,
            options.ApiKey,
            endpointRequired: options.Provider == EmbeddingProviders.OpenAICompatible,
            keyRequired: options.Provider == EmbeddingProviders.OpenAI);
    }
}

/// <summary>The checks shared by both sections; messages name the setting path and never echo the key.</summary>
internal static class ProviderOptionsValidation
{
    public static ValidateOptionsResult Check(string section, string provider, Uri? endpoint, string? model, string? apiKey, bool endpointRequired, bool keyRequired)
    {
        var failures = new List<string>();
        if (endpoint is null && endpointRequired)
        {
            failures.Add($"{section}:Endpoint is required when {section}:Provider is {provider} (the base URL of the OpenAI-compatible API, e.g. http://localhost:8080/v1)");
        }
        else if (endpoint is not null && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{section}:Endpoint must be an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            failures.Add($"{section}:Model is required when {section}:Provider is {provider}");
        }

        if (keyRequired && string.IsNullOrWhiteSpace(apiKey))
        {
            failures.Add($"{section}:ApiKey is required when {section}:Provider is {provider}; set {section.Replace(":", "__", StringComparison.Ordinal)}__ApiKey or use dotnet user-secrets");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
