using System.Net;
using System.Text;
using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Providers.OpenAI.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>The keyed embedding factories and Core's dispatch to them, over real HTTP to <see cref="FakeOpenAIServer"/>.</summary>
public sealed class EmbeddingProviderTests : IAsyncLifetime
{
    private const string Secret = "sk-test-secret-value";

    private FakeOpenAIServer server = null!;
    private ProviderTestHost host = null!;

    public async Task InitializeAsync()
    {
        this.server = await FakeOpenAIServer.StartAsync();
        this.host = new ProviderTestHost(this.Settings("OpenAICompatible", "fake-embedding"));
    }

    public async Task DisposeAsync()
    {
        this.host.Dispose();
        await this.server.DisposeAsync();
    }

    [Fact]
    public async Task Embeddings_round_trip_one_vector_per_input()
    {
        this.server.Enqueue(FakeResponse.Embeddings([1f, 0f, 0.5f], [0f, 1f, 0.25f]));
        var factory = this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>();
        using var generator = await factory.CreateAsync(["ignored corpus"]);

        var embeddings = await generator.GenerateAsync(["first", "second"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal([1f, 0f, 0.5f], embeddings[0].Vector.ToArray());
        Assert.Equal([0f, 1f, 0.25f], embeddings[1].Vector.ToArray());
        var request = Assert.Single(this.server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("fake-embedding", request.Model);
        Assert.Equal("Bearer " + Secret, request.Authorization);
        Assert.Equal(["first", "second"], request.Json().GetProperty("input").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Transient_failures_are_retried_like_chat()
    {
        this.server.Enqueue(FakeResponse.Error(HttpStatusCode.ServiceUnavailable), FakeResponse.Embeddings([1f]));
        using var generator = await this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>().CreateAsync([]);

        await this.host.DriveAsync(generator.GenerateAsync(["x"], cancellationToken: this.host.Stopping));

        Assert.Equal(2, this.server.Requests.Count);
        Assert.Single(this.host.RetryWaits);
    }

    [Fact]
    public async Task A_rejected_key_names_AskBot_Embeddings_ApiKey()
    {
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.Unauthorized, "Incorrect API key provided: " + Secret);
        using var generator = await this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>().CreateAsync([]);

        var error = await Assert.ThrowsAsync<ChatProviderAuthenticationException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal("AskBot:Embeddings:ApiKey", error.SettingPath);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task Persistent_failure_is_an_EmbeddingProviderException()
    {
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, "not json");
        using var generator = await this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>().CreateAsync([]);

        var error = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["x"]));

        Assert.Contains("sent a malformed response", error.Message, StringComparison.Ordinal);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public void Fingerprint_is_provider_endpoint_and_model_without_the_key()
    {
        var fingerprint = this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>().Fingerprint;

        Assert.Equal($"OpenAICompatible|{this.server.V1}|fake-embedding", fingerprint);
        Assert.DoesNotContain(Secret, fingerprint, StringComparison.Ordinal);
        using var otherModel = new ProviderTestHost(this.Settings("OpenAICompatible", "other-model"));
        using var otherProvider = new ProviderTestHost(this.Settings("Ollama", "fake-embedding"));
        using var mlNet = new ProviderTestHost(new Dictionary<string, string?>());
        var fingerprints = new[] { otherModel, otherProvider, mlNet }
            .Select(h => h.Services.GetRequiredService<IEmbeddingGeneratorFactory>().Fingerprint)
            .Append(fingerprint)
            .ToList();
        Assert.Equal(fingerprints.Count, fingerprints.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Save_stores_only_the_settings_and_Load_recreates_a_working_generator()
    {
        var factory = this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>();
        using var generator = await factory.CreateAsync([]);
        using var saved = new MemoryStream();

        await factory.SaveAsync(generator, saved);

        var text = Encoding.UTF8.GetString(saved.ToArray());
        Assert.Contains("fake-embedding", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        saved.Position = 0;
        using var loaded = await factory.LoadAsync(saved);
        this.server.Enqueue(FakeResponse.Embeddings([0.5f]));
        var embeddings = await loaded.GenerateAsync(["x"]);
        Assert.Equal([0.5f], embeddings[0].Vector.ToArray());
    }

    [Fact]
    public async Task Load_rejects_state_saved_for_other_settings()
    {
        using var other = new ProviderTestHost(this.Settings("OpenAICompatible", "other-model"));
        var otherFactory = other.Services.GetRequiredService<IEmbeddingGeneratorFactory>();
        using var generator = await otherFactory.CreateAsync([]);
        using var saved = new MemoryStream();
        await otherFactory.SaveAsync(generator, saved);
        saved.Position = 0;

        await Assert.ThrowsAsync<InvalidDataException>(() => this.host.Services.GetRequiredService<IEmbeddingGeneratorFactory>().LoadAsync(saved));
    }

    [Fact]
    public void Without_the_provider_package_Core_names_AskBot_Embeddings_Provider()
    {
        using var bare = new ProviderTestHost(this.Settings("OpenAICompatible", "fake-embedding"), addProviders: false);

        var error = Assert.Throws<AskBotConfigurationException>(() => bare.Services.GetRequiredService<IEmbeddingGeneratorFactory>().Fingerprint);

        Assert.Equal("AskBot:Embeddings:Provider", error.SettingPath);
    }

    private Dictionary<string, string?> Settings(string provider, string model) => new()
    {
        ["AskBot:Embeddings:Provider"] = provider,
        ["AskBot:Embeddings:Endpoint"] = this.server.V1.ToString(),
        ["AskBot:Embeddings:Model"] = model,
        ["AskBot:Embeddings:ApiKey"] = Secret,
    };
}
