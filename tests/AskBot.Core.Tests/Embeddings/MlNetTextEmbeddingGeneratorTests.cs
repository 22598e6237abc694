using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Tests.Embeddings;

public sealed class MlNetTextEmbeddingGeneratorTests
{
    private static readonly string[] Corpus =
    [
        "Gunmen opened fire at the Crocus City Hall concert venue near Moscow, killing more than 130 people.",
        "The attackers set the concert hall on fire before fleeing toward the Ukrainian border.",
        "ISIS-K is led by Sanaullah Ghafari and is based in eastern Afghanistan.",
        "The central bank raised interest rates to fight inflation in the eurozone.",
        "Farmers expect a good wheat harvest after a rainy spring.",
    ];

    private static MlNetTextEmbeddingGenerator Fit() => MlNetTextEmbeddingGenerator.Fit(Corpus, new EmbeddingsOptions(), new TermAnalyzer());

    private static async Task<SparseVector> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string text)
        => SparseVector.FromDense((await generator.GenerateAsync([text]))[0].Vector.Span);

    [Fact]
    public async Task Vectors_are_l2_normalised()
    {
        using var generator = Fit();

        var embeddings = await generator.GenerateAsync(Corpus);

        Assert.Equal(Corpus.Length, embeddings.Count);
        foreach (var embedding in embeddings)
        {
            var norm = Math.Sqrt(embedding.Vector.ToArray().Sum(v => (double)v * v));
            Assert.Equal(1.0, norm, 4);
            Assert.Equal(generator.Dimensions, embedding.Vector.Length);
        }
    }

    [Fact]
    public async Task Similar_texts_score_higher_than_unrelated_ones()
    {
        using var generator = Fit();

        var query = await EmbedAsync(generator, "shooting at a Moscow concert hall");
        var related = await EmbedAsync(generator, Corpus[0]);
        var unrelated = await EmbedAsync(generator, Corpus[3]);

        Assert.True(query.Cosine(related) > query.Cosine(unrelated) + 0.1, $"{query.Cosine(related)} vs {query.Cosine(unrelated)}");
    }

    [Fact]
    public async Task Batch_and_single_generation_agree()
    {
        using var generator = Fit();

        var batch = await generator.GenerateAsync(Corpus);
        var single = await EmbedAsync(generator, Corpus[2]);

        Assert.Equal(1.0, SparseVector.FromDense(batch[2].Vector.Span).Cosine(single), 5);
    }

    [Fact]
    public async Task Saved_model_loads_and_produces_the_same_vectors()
    {
        using var generator = Fit();
        using var stream = new MemoryStream();
        generator.Save(stream);
        stream.Position = 0;

        using var loaded = MlNetTextEmbeddingGenerator.Load(stream, new TermAnalyzer());

        var a = (await generator.GenerateAsync(["Who leads ISIS-K?"]))[0].Vector.ToArray();
        var b = (await loaded.GenerateAsync(["Who leads ISIS-K?"]))[0].Vector.ToArray();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Load_of_garbage_throws_invalid_data()
    {
        using var stream = new MemoryStream([1, 2, 3, 4]);

        Assert.Throws<InvalidDataException>(() => MlNetTextEmbeddingGenerator.Load(stream, new TermAnalyzer()));
    }

    [Fact]
    public async Task Concurrent_single_queries_are_safe()
    {
        using var generator = Fit();
        var expected = (await generator.GenerateAsync([Corpus[1]]))[0].Vector.ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => generator.GenerateAsync([Corpus[1]]))));

        Assert.All(results, r => Assert.Equal(expected, r[0].Vector.ToArray()));
    }

    [Fact]
    public async Task Factory_round_trips_through_save_and_load()
    {
        var analyzer = new TermAnalyzer();
        var factory = new EmbeddingGeneratorFactory(Options.Create(new EmbeddingsOptions { Provider = EmbeddingProviders.MlNet, WordNgramLength = 1, CharNgramLength = 3 }), analyzer);
        using var generator = await factory.CreateAsync(Corpus);
        using var stream = new MemoryStream();
        await factory.SaveAsync(generator, stream);
        stream.Position = 0;

        using var loaded = await factory.LoadAsync(stream);

        Assert.IsType<MlNetTextEmbeddingGenerator>(loaded);
        Assert.Contains("word=1;char=3", factory.Fingerprint, StringComparison.Ordinal);
        Assert.NotNull(loaded.GetService<EmbeddingGeneratorMetadata>());
    }
}
