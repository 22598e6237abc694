using AskBot.Core.Configuration;
using AskBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Embeddings;

/// <summary>Chooses the embedding provider from <see cref="EmbeddingsOptions.Provider"/>; only ML.NET exists today.</summary>
public sealed class EmbeddingGeneratorFactory : IEmbeddingGeneratorFactory
{
    private readonly EmbeddingsOptions options;
    private readonly TermAnalyzer analyzer;

    public EmbeddingGeneratorFactory(IOptions<EmbeddingsOptions> options, TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analyzer);
        this.options = options.Value;
        this.analyzer = analyzer;
    }

    /// <inheritdoc />
    public string Fingerprint => this.options.Provider switch
    {
        EmbeddingProviders.MlNet => MlNetTextEmbeddingGenerator.Fingerprint(this.options),
        _ => throw UnsupportedProvider(this.options.Provider),
    };

    /// <inheritdoc />
    public Task<IEmbeddingGenerator<string, Embedding<float>>> CreateAsync(IReadOnlyList<string> corpusTexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpusTexts);
        cancellationToken.ThrowIfCancellationRequested();
        return this.options.Provider switch
        {
            // Fitting is CPU-bound and synchronous in ML.NET; callers already run off the UI/request path.
            EmbeddingProviders.MlNet => Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(
                MlNetTextEmbeddingGenerator.Fit(corpusTexts, this.options, this.analyzer)),
            _ => throw UnsupportedProvider(this.options.Provider),
        };
    }

    /// <inheritdoc />
    public Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(destination);
        cancellationToken.ThrowIfCancellationRequested();
        if (generator is not MlNetTextEmbeddingGenerator mlNet)
        {
            throw new ArgumentException($"Cannot save a generator of type {generator.GetType().Name}.", nameof(generator));
        }

        mlNet.Save(destination);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IEmbeddingGenerator<string, Embedding<float>>> LoadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        cancellationToken.ThrowIfCancellationRequested();
        return this.options.Provider switch
        {
            EmbeddingProviders.MlNet => Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(
                MlNetTextEmbeddingGenerator.Load(source, this.analyzer)),
            _ => throw UnsupportedProvider(this.options.Provider),
        };
    }

    private static NotSupportedException UnsupportedProvider(EmbeddingProviders provider)
        => new($"Embedding provider '{provider}' is not supported.");
}
