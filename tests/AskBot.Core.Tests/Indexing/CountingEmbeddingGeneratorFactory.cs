using System.Collections.Concurrent;
using AskBot.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace AskBot.Core.Tests.Indexing;

/// <summary>
/// A small dense embedding provider: each text is the normalised sum of its hashed lower-case words over 256 dimensions,
/// so texts sharing words are close. Records every text it embeds, and can hold back texts containing a marker until the
/// test lets them through (a question caught in the middle of retrieval).
/// </summary>
internal sealed class CountingEmbeddingGeneratorFactory : IEmbeddingGeneratorFactory
{
    private const int Dimensions = 256;

    private readonly ConcurrentQueue<string> embedded = new();
    private volatile Hold? hold;

    public string Fingerprint => $"counting-hashed-words;dims={Dimensions}";

    /// <summary>Every text embedded so far, in order.</summary>
    public IReadOnlyList<string> Embedded => [.. this.embedded];

    /// <summary>Texts containing <paramref name="marker"/> wait until the returned hold is released.</summary>
    public Hold HoldTextsContaining(string marker)
    {
        var created = new Hold(marker);
        this.hold = created;
        return created;
    }

    public Task<IEmbeddingGenerator<string, Embedding<float>>> CreateAsync(IReadOnlyList<string> corpusTexts, CancellationToken cancellationToken = default)
        => Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(new Generator(this));

    public Task SaveAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Stream destination, CancellationToken cancellationToken = default)
        => Task.CompletedTask;

    public Task<IEmbeddingGenerator<string, Embedding<float>>> LoadAsync(Stream source, CancellationToken cancellationToken = default)
        => Task.FromResult<IEmbeddingGenerator<string, Embedding<float>>>(new Generator(this));

    private static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var token = word.Trim('.', ',', '?', '!', '"', '\'', ':', ';', '(', ')');
            if (token.Length == 0)
            {
                continue;
            }

            var hash = 2166136261u;
            foreach (var c in token)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[hash % Dimensions] += (hash & 0x80000000u) == 0 ? 1f : -1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm == 0)
        {
            vector[0] = 1;
            return vector;
        }

        return [.. vector.Select(v => v / norm)];
    }

    internal sealed class Hold(string marker)
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Marker => marker;

        /// <summary>Completes when a held text has reached the generator.</summary>
        public Task Reached => this.reached.Task;

        public void Release() => this.released.TrySetResult();

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            this.reached.TrySetResult();
            await this.released.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class Generator(CountingEmbeddingGeneratorFactory owner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            if (owner.hold is { } hold && texts.Any(t => t.Contains(hold.Marker, StringComparison.Ordinal)))
            {
                await hold.WaitAsync(cancellationToken);
            }

            var embeddings = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in texts)
            {
                owner.embedded.Enqueue(text);
                embeddings.Add(new Embedding<float>(Embed(text)));
            }

            return embeddings;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
