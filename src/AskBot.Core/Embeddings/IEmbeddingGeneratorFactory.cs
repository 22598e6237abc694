using Microsoft.Extensions.AI;

namespace AskBot.Core.Embeddings;

/// <summary>
/// Port for "create or load the embedding generator for this corpus", keyed by <c>AskBot:Embeddings</c>.
/// Providers that learn from the corpus (ML.NET TF-IDF) fit in <see cref="CreateAsync"/> and persist their
/// state with <see cref="SaveAsync"/>; pretrained model providers can ignore the corpus and save nothing.
/// </summary>
public interface IEmbeddingGeneratorFactory
{
    /// <summary>Identifies the provider and its settings; part of the index cache key.</summary>
    string Fingerprint { get; }

    /// <summary>
    /// Text put before a question (not before a passage) when it is embedded for search, for models trained with a
    /// query instruction (snowflake-arctic-embed: "Represent this sentence for searching relevant passages: ").
    /// Empty for models that embed queries and passages alike.
    /// </summary>
    string QueryPrefix => string.Empty;

    /// <summary>Creates a generator for this corpus, fitting it on <paramref name="corpusTexts"/> when the provider needs to.</summary>
    Task<IEmbeddingGenerator<string, Embedding<float>>> CreateAsync(IReadOnlyList<string> corpusTexts, CancellationToken cancellationToken = default);

    /// <summary>Writes whatever <see cref="LoadAsync"/> needs to recreate <paramref name="generator"/> without refitting.</summary>
    Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Recreates a generator from state written by <see cref="SaveAsync"/>.</summary>
    /// <exception cref="InvalidDataException">The state is unreadable.</exception>
    Task<IEmbeddingGenerator<string, Embedding<float>>> LoadAsync(Stream source, CancellationToken cancellationToken = default);
}
