using AskBot.Core.Configuration;
using AskBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Embeddings;

/// <summary>
/// Chooses the embedding provider from <see cref="EmbeddingsOptions.Provider"/>: ML.NET is built in; every
/// other provider is the <see cref="IEmbeddingGeneratorFactory"/> registered under its <see cref="EmbeddingProviders"/>
/// key (e.g. by the OpenAI provider package).
/// </summary>
internal sealed class EmbeddingGeneratorFactory : IEmbeddingGeneratorFactory
{
    private readonly EmbeddingsOptions options;
    private readonly TermAnalyzer analyzer;
    private readonly Lazy<IEmbeddingGeneratorFactory> keyed;

    /// <summary>A factory for ML.NET only (no keyed providers).</summary>
    public EmbeddingGeneratorFactory(IOptions<EmbeddingsOptions> options, TermAnalyzer analyzer)
        : this(options, analyzer, null)
    {
    }

    /// <summary>A factory that resolves non-ML.NET providers as keyed services from <paramref name="services"/>.</summary>
    public EmbeddingGeneratorFactory(IOptions<EmbeddingsOptions> options, TermAnalyzer analyzer, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analyzer);
        this.options = options.Value;
        this.analyzer = analyzer;
        var provider = this.options.Provider;
        this.keyed = new Lazy<IEmbeddingGeneratorFactory>(
            () => services?.GetKeyedService<IEmbeddingGeneratorFactory>(provider) ?? throw UnsupportedProvider(provider),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Fingerprint => this.options.Provider switch
    {
        EmbeddingProviders.MlNet => MlNetTextEmbeddingGenerator.Fingerprint(this.options),
        _ => this.keyed.Value.Fingerprint,
    };

    /// <inheritdoc />
    public string QueryPrefix => this.options.Provider == EmbeddingProviders.MlNet ? string.Empty : this.keyed.Value.QueryPrefix;

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
            _ => this.keyed.Value.CreateAsync(corpusTexts, cancellationToken),
        };
    }

    /// <inheritdoc />
    public Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(destination);
        cancellationToken.ThrowIfCancellationRequested();
        if (this.options.Provider != EmbeddingProviders.MlNet)
        {
            return this.keyed.Value.SaveAsync(generator, destination, cancellationToken);
        }

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
            _ => this.keyed.Value.LoadAsync(source, cancellationToken),
        };
    }

    private static AskBotConfigurationException UnsupportedProvider(EmbeddingProviders provider)
        => new($"{EmbeddingsOptions.SectionName}:Provider", $"no embedding provider '{provider}' is registered (the host must add the provider package, e.g. AddAskBotOpenAIProviders())");
}
