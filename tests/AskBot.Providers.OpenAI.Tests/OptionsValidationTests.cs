using AskBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>Start-up validation of <c>AskBot:Chat</c> and <c>AskBot:Embeddings</c> registered by <c>AddAskBotOpenAIProviders</c>.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void OpenAICompatible_without_endpoint_names_AskBot_Chat_Endpoint()
    {
        var failures = ChatFailures(new() { ["AskBot:Chat:Provider"] = "OpenAICompatible", ["AskBot:Chat:Model"] = "m" });

        var failure = Assert.Single(failures);
        Assert.StartsWith("AskBot:Chat:Endpoint is required when AskBot:Chat:Provider is OpenAICompatible", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("OpenAICompatible")]
    [InlineData("Ollama")]
    public void Every_LLM_provider_needs_a_model(string provider)
    {
        var failures = ChatFailures(new()
        {
            ["AskBot:Chat:Provider"] = provider,
            ["AskBot:Chat:Endpoint"] = "http://127.0.0.1:9/v1",
            ["AskBot:Chat:ApiKey"] = "sk-test-secret-value",
        });

        Assert.Contains(failures, f => f.StartsWith("AskBot:Chat:Model is required", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("sk-test-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenAI_needs_a_key_and_says_how_to_set_it()
    {
        var failures = ChatFailures(new() { ["AskBot:Chat:Provider"] = "OpenAI", ["AskBot:Chat:Model"] = "gpt-4o-mini" });

        var failure = Assert.Single(failures);
        Assert.Contains("AskBot:Chat:ApiKey", failure, StringComparison.Ordinal);
        Assert.Contains("AskBot__Chat__ApiKey", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_endpoint_is_rejected()
    {
        var failures = ChatFailures(new() { ["AskBot:Chat:Provider"] = "Ollama", ["AskBot:Chat:Model"] = "m", ["AskBot:Chat:Endpoint"] = "localhost/v1" });

        Assert.Equal("AskBot:Chat:Endpoint must be an absolute http(s) URL", Assert.Single(failures));
    }

    [Fact]
    public void Extractive_and_complete_LLM_settings_pass()
    {
        Assert.Empty(ChatFailures(new() { ["AskBot:Chat:Provider"] = "Extractive" }));
        Assert.Empty(ChatFailures(new() { ["AskBot:Chat:Provider"] = "Ollama", ["AskBot:Chat:Model"] = "llama3.2" }));
    }

    [Fact]
    public void Embedding_providers_are_validated_too()
    {
        using var host = new ProviderTestHost(new Dictionary<string, string?> { ["AskBot:Embeddings:Provider"] = "OpenAICompatible" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EmbeddingsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("AskBot:Embeddings:Endpoint is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("AskBot:Embeddings:Model is required", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> ChatFailures(Dictionary<string, string?> settings)
    {
        using var host = new ProviderTestHost(settings);
        try
        {
            _ = host.Services.GetRequiredService<IOptions<ChatOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException error)
        {
            return error.Failures.ToList();
        }
    }
}
