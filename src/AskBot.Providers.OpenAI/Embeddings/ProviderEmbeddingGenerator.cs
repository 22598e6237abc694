using AskBot.Core.Answering;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.AI;

namespace AskBot.Providers.OpenAI.Embeddings;

/// <summary>
/// Wraps the OpenAI SDK's embedding generator: owns its HttpClient (from the factory) and turns failures into
/// <see cref="ChatProviderAuthenticationException"/> (401/403) or <see cref="EmbeddingProviderException"/>.
/// </summary>
internal sealed class ProviderEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> inner;
    private readonly ProviderConnection connection;
    private readonly IDisposable ownedResource;

    public ProviderEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ProviderConnection connection, IDisposable ownedResource)
    {
        this.inner = inner;
        this.connection = connection;
        this.ownedResource = ownedResource;
    }

    /// <summary>The settings this generator was made from.</summary>
    public ProviderConnection Connection => this.connection;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyCollection<string> ?? values.ToList();
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await this.inner.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ProviderFailure.Classify(ex, this.connection, cancellationToken) is { } failure)
        {
            var inner = failure.SafeInner(ex, this.connection);
            if (failure.IsAuthentication)
            {
                throw new ChatProviderAuthenticationException(
                    this.connection.ApiKeySettingPath,
                    $"the embeddings provider rejected the API key (HTTP {(int)failure.Status!.Value}); set {this.connection.ApiKeyEnvironmentVariable}",
                    inner);
            }

            throw new EmbeddingProviderException(this.connection.Scrub($"embeddings provider {this.connection.ProviderName} {failure.Reason}"), inner);
        }

        if (result.Count != inputs.Count)
        {
            throw new EmbeddingProviderException(
                $"embeddings provider {this.connection.ProviderName} sent {result.Count} vectors for {inputs.Count} inputs");
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : this.inner.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        this.inner.Dispose();
        this.ownedResource.Dispose();
    }
}
