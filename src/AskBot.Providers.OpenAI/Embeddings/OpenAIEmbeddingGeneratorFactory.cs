using System.Text.Json;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.AI;
using OpenAI;

namespace AskBot.Providers.OpenAI.Embeddings;

/// <summary>
/// Embeddings from an OpenAI-compatible <c>/embeddings</c> API. Nothing is fitted on the corpus; the saved
/// state is only the settings (provider, endpoint, model — never the key), since the vectors live in the index.
/// </summary>
internal sealed class OpenAIEmbeddingGeneratorFactory : IEmbeddingGeneratorFactory
{
    private readonly ProviderConnection connection;
    private readonly IHttpClientFactory httpClients;
    private readonly string httpClientName;

    public OpenAIEmbeddingGeneratorFactory(ProviderConnection connection, IHttpClientFactory httpClients, string httpClientName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentException.ThrowIfNullOrEmpty(httpClientName);
        this.connection = connection;
        this.httpClients = httpClients;
        this.httpClientName = httpClientName;
    }

    /// <inheritdoc />
    public string Fingerprint => $"{this.connection.ProviderName}|{this.connection.Endpoint?.ToString() ?? "default"}|{this.connection.Model}";

    /// <summary>Name of the HttpClient of the embeddings provider <paramref name="provider"/>.</summary>
    public static string HttpClientName(EmbeddingProviders provider) => "AskBot.Embeddings." + provider;

    /// <summary>The connection the <c>AskBot:Embeddings</c> settings describe for <paramref name="provider"/>.</summary>
    public static ProviderConnection Connection(EmbeddingProviders provider, EmbeddingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProviderConnection(
            provider.ToString(),
            ProviderEndpoints.Resolve(provider, options.Endpoint),
            options.Model ?? string.Empty,
            options.ApiKey,
            TimeSpan.FromSeconds(options.TimeoutSeconds),
            options.MaxRetries,
            EmbeddingsOptions.SectionName);
    }

    /// <inheritdoc />
    public Task<IEmbeddingGenerator<string, Embedding<float>>> CreateAsync(IReadOnlyList<string> corpusTexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpusTexts);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(this.CreateGenerator());
    }

    /// <inheritdoc />
    public async Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(destination);
        if (generator is not ProviderEmbeddingGenerator)
        {
            throw new ArgumentException($"Cannot save a generator of type {generator.GetType().Name}.", nameof(generator));
        }

        var state = new SavedSettings(this.connection.ProviderName, this.connection.Endpoint?.ToString(), this.connection.Model);
        await JsonSerializer.SerializeAsync(destination, state, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IEmbeddingGenerator<string, Embedding<float>>> LoadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        SavedSettings? state;
        try
        {
            state = await JsonSerializer.DeserializeAsync<SavedSettings>(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The saved embeddings-provider settings are unreadable.", ex);
        }

        var expected = new SavedSettings(this.connection.ProviderName, this.connection.Endpoint?.ToString(), this.connection.Model);
        if (state != expected)
        {
            throw new InvalidDataException("The saved embeddings-provider settings do not match AskBot:Embeddings.");
        }

        return this.CreateGenerator();
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateGenerator()
    {
        var httpClient = this.httpClients.CreateClient(this.httpClientName);
        var client = new OpenAIClient(new System.ClientModel.ApiKeyCredential(this.connection.EffectiveApiKey), ProviderHttpClient.ClientOptions(this.connection, httpClient));
        var inner = client.GetEmbeddingClient(this.connection.Model).AsIEmbeddingGenerator();
        return new ProviderEmbeddingGenerator(inner, this.connection, httpClient);
    }

    /// <summary>What <see cref="SaveAsync"/> writes.</summary>
    private sealed record SavedSettings(string Provider, string? Endpoint, string Model);
}
