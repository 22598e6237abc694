using AskBot.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace AskBot.Benchmarks.Support;

/// <summary>
/// Unit vectors of the model's width made from a hash of the text: what the scale harness indexes at 100k chunks, where
/// running the real model over every chunk and sentence would take hours. Exact dense search costs the same whatever
/// the values, so search times hold; what the model costs is measured on a sample (<c>scale</c>'s embedding figures).
/// </summary>
internal sealed class SyntheticEmbeddingGeneratorFactory(int dimensions = 384) : IEmbeddingGeneratorFactory
{
    public string Fingerprint => $"synthetic;dims={dimensions}";

    public Task<IEmbeddingGenerator<string, Embedding<float>>> CreateAsync(IReadOnlyList<string> corpusTexts, CancellationToken cancellationToken = default)
        => Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(new Generator(dimensions));

    public Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default)
        => Task.CompletedTask;

    public Task<IEmbeddingGenerator<string, Embedding<float>>> LoadAsync(Stream source, CancellationToken cancellationToken = default)
        => Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(new Generator(dimensions));

    private sealed class Generator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var embeddings = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var value in values)
            {
                var random = new Random(StringComparer.Ordinal.GetHashCode(value));
                var vector = new float[dimensions];
                var norm = 0.0;
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = (float)(random.NextDouble() - 0.5);
                    norm += vector[i] * vector[i];
                }

                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] /= (float)Math.Sqrt(norm);
                }

                embeddings.Add(new Embedding<float>(vector));
            }

            return Task.FromResult(embeddings);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
