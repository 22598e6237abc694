using AskBot.Core.Configuration;

namespace AskBot.Providers.OpenAI;

/// <summary>Default endpoints of the providers.</summary>
public static class ProviderEndpoints
{
    /// <summary>Ollama's OpenAI-compatible API on the local machine.</summary>
    public static readonly Uri OllamaDefault = new("http://localhost:11434/v1");

    /// <summary>The endpoint to call: the configured one, Ollama's default for Ollama, or null (api.openai.com) for OpenAI.</summary>
    public static Uri? Resolve(ChatProviders provider, Uri? configured) =>
        provider == ChatProviders.Ollama ? configured ?? OllamaDefault : configured;

    /// <summary>The endpoint to call: the configured one, Ollama's default for Ollama, or null (api.openai.com) for OpenAI.</summary>
    public static Uri? Resolve(EmbeddingProviders provider, Uri? configured) =>
        provider == EmbeddingProviders.Ollama ? configured ?? OllamaDefault : configured;
}
