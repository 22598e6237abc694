using System.Text;
using AskBot.Core.Configuration;
using AskBot.Core.Embeddings;
using AskBot.Providers.Onnx.Embeddings;
using Microsoft.Extensions.AI;

namespace AskBot.Providers.Onnx.Tests;

/// <summary>What the vectors of the real model are like, through the generator the factory hands out.</summary>
public sealed class EmbeddingTests : IClassFixture<OnnxModelFixture>
{
    private const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    private readonly OnnxModelFixture fixture;

    public EmbeddingTests(OnnxModelFixture fixture) => this.fixture = fixture;

    [Fact]
    public async Task Every_vector_has_384_dimensions_and_unit_length()
    {
        var embeddings = await this.fixture.Generator.GenerateAsync(["A short sentence.", SeedSentence("The K in ISIS-K stands for"), string.Empty]);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1f, Vectors.Norm(e.Vector.Span), 4);
            Assert.Equal("snowflake-arctic-embed-xs", e.ModelId);
        });
    }

    [Fact]
    public async Task A_batch_gives_the_vectors_each_text_gives_alone()
    {
        // Lengths from one token to a few hundred, so every batch pads most of its members.
        var texts = SeedParagraphs().Take(10).Concat(["x", "Crocus City Hall", string.Empty, "   "]).ToList();

        var together = await this.fixture.Generator.GenerateAsync(texts);

        for (var i = 0; i < texts.Count; i++)
        {
            Vectors.AssertClose(await this.fixture.EmbedAsync(texts[i]), together[i].Vector.ToArray(), 1e-4f);
        }
    }

    [Fact]
    public async Task Batch_size_does_not_change_the_vectors()
    {
        var texts = SeedParagraphs().Take(9).ToList();
        var options = new EmbeddingsOptions();
        var byOne = new OnnxEmbeddingGenerator(this.fixture.Factory, batchSize: 1, options.MaxTokens);
        var byFour = new OnnxEmbeddingGenerator(this.fixture.Factory, batchSize: 4, options.MaxTokens);

        var one = await byOne.GenerateAsync(texts);
        var four = await byFour.GenerateAsync(texts);

        for (var i = 0; i < texts.Count; i++)
        {
            Vectors.AssertClose(one[i].Vector.ToArray(), four[i].Vector.ToArray(), 1e-4f);
        }
    }

    [Theory]
    [InlineData("How many people were killed and wounded?", "The death toll was 140 as of Wednesday")]
    [InlineData("What does the K in ISIS-K stand for?", "The K in ISIS-K stands for")]
    [InlineData("Which band was about to play when the attack began?", "The attack took place shortly before the band Picnic")]
    [InlineData("Where did ISIS-K carry out twin bombings in January?", "In January, Islamic State-Khorasan, or ISIS-K, carried out twin bombings in Iran")]
    public async Task A_prefixed_question_is_closer_to_the_sentence_that_answers_it_than_to_other_sentences_of_the_corpus(string question, string answerStart)
    {
        var answer = SeedSentence(answerStart);
        var others = new[]
        {
            SeedSentence("The death toll was 140 as of Wednesday"),
            SeedSentence("The K in ISIS-K stands for"),
            SeedSentence("The attack took place shortly before the band Picnic"),
            SeedSentence("Islamic State Khorasan (ISIS-K), named after an old term"),
            SeedSentence("Russia suffered its deadliest terrorist attack in decades"),
            SeedSentence("In January, Islamic State-Khorasan, or ISIS-K, carried out twin bombings in Iran"),
        }.Where(s => s != answer).ToList();

        var query = await this.fixture.EmbedAsync(QueryPrefix + question);
        var passages = await this.fixture.Generator.GenerateAsync([answer, .. others]);

        var toAnswer = Vectors.Cosine(query, passages[0].Vector.ToArray());
        for (var i = 0; i < others.Count; i++)
        {
            var toOther = Vectors.Cosine(query, passages[i + 1].Vector.ToArray());
            Assert.True(toAnswer > toOther, $"cos(question, answer) = {toAnswer:F3} is not above cos(question, \"{others[i]}\") = {toOther:F3}");
        }
    }

    [Fact]
    public async Task The_query_prefix_changes_the_vector_and_the_generator_never_adds_it()
    {
        const string Question = "Who attacked the concert hall near Moscow?";

        var bare = await this.fixture.EmbedAsync(Question);
        var prefixed = await this.fixture.EmbedAsync(QueryPrefix + Question);

        Assert.Equal(QueryPrefix, this.fixture.Factory.QueryPrefix);
        Assert.True(Vectors.Cosine(bare, prefixed) < 0.99f, $"cosine {Vectors.Cosine(bare, prefixed):F4}");
    }

    [Fact]
    public async Task A_3000_word_input_is_truncated_and_counted_and_short_ones_are_not()
    {
        var words = string.Join(' ', SeedParagraphs()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var longText = string.Join(' ', Enumerable.Range(0, 3000).Select(i => words[i % words.Length]));

        var embeddings = await this.fixture.Generator.GenerateAsync(["short one", longText, "another short one"]);

        Assert.Equal(1L, embeddings.AdditionalProperties?[EmbeddingMetadata.TruncatedInputs]);
        Assert.Equal(true, embeddings[1].AdditionalProperties?[EmbeddingMetadata.Truncated]);
        Assert.Null(embeddings[0].AdditionalProperties);
        Assert.Null(embeddings[2].AdditionalProperties);
        Assert.Equal(384, embeddings[1].Vector.Length);
        Assert.Equal(1f, Vectors.Norm(embeddings[1].Vector.Span), 4);

        // The vector is that of the first 510 word pieces: what follows them changes nothing.
        var longer = await this.fixture.EmbedAsync(longText + " and then some entirely different words about cooking pasta");
        Vectors.AssertClose(embeddings[1].Vector.ToArray(), longer, 1e-5f);
    }

    [Fact]
    public async Task Short_inputs_report_zero_truncated()
    {
        var embeddings = await this.fixture.Generator.GenerateAsync(SeedParagraphs().Take(5));

        Assert.Equal(0L, embeddings.AdditionalProperties?[EmbeddingMetadata.TruncatedInputs]);
        Assert.All(embeddings, e => Assert.Null(e.AdditionalProperties));
    }

    [Fact]
    public async Task A_MaxTokens_below_an_inputs_length_truncates_it_to_its_first_pieces()
    {
        using var eightTokens = new OnnxEmbeddingGenerator(this.fixture.Factory, batchSize: 8, maxTokens: 8);

        // [CLS] one two three four five six [SEP] is exactly 8 tokens.
        var truncated = await eightTokens.GenerateAsync(["one two three four five six seven eight nine ten", "one two three four five six"]);
        var whole = await this.fixture.EmbedAsync("one two three four five six");

        Assert.Equal(1L, truncated.AdditionalProperties?[EmbeddingMetadata.TruncatedInputs]);
        Vectors.AssertClose(whole, truncated[0].Vector.ToArray(), 1e-4f);
        Vectors.AssertClose(whole, truncated[1].Vector.ToArray(), 1e-4f);
    }

    [Fact]
    public async Task One_thread_and_two_threads_give_the_same_vectors()
    {
        var texts = SeedParagraphs().Take(6).ToList();
        using var oneThread = this.fixture.CreateFactory(new EmbeddingsOptions { Threads = 1 });
        using var generator = await oneThread.CreateAsync([]);

        var one = await generator.GenerateAsync(texts);
        var two = await this.fixture.Generator.GenerateAsync(texts);

        for (var i = 0; i < texts.Count; i++)
        {
            Vectors.AssertClose(two[i].Vector.ToArray(), one[i].Vector.ToArray(), 1e-5f);
        }
    }

    [Fact]
    public async Task A_second_factory_loads_the_optimised_copy_from_the_cache_folder_and_agrees()
    {
        var text = SeedSentence("The K in ISIS-K stands for");
        using var second = this.fixture.CreateFactory(new EmbeddingsOptions());
        using var generator = await second.CreateAsync([]);

        var vector = (await generator.GenerateAsync([text]))[0].Vector.ToArray();

        using (var lease = this.fixture.Factory.AcquireModel())
        {
            Assert.Equal(OnnxEmbeddingModel.ModelSource.ResourceCached, lease.Model.Source);
        }

        using (var lease = second.AcquireModel())
        {
            Assert.Equal(OnnxEmbeddingModel.ModelSource.Cache, lease.Model.Source);
        }

        Vectors.AssertClose(await this.fixture.EmbedAsync(text), vector, 1e-5f);
    }

    [Fact]
    public async Task Handing_out_a_generator_starts_loading_the_model_in_the_background()
    {
        using var factory = this.fixture.CreateFactory(new EmbeddingsOptions());
        Assert.False(factory.IsModelLoaded);

        using var generator = await factory.CreateAsync([]);
        await factory.Preloaded;

        Assert.True(factory.IsModelLoaded);
        Assert.Equal(384, (await generator.GenerateAsync(["loaded already"]))[0].Vector.Length);
    }

    [Fact]
    public async Task Cancellation_before_a_batch_throws_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => this.fixture.Generator.GenerateAsync(["one", "two"], cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task Cancellation_while_the_inputs_are_read_stops_before_the_first_batch()
    {
        using var cancellation = new CancellationTokenSource();
        var ran = false;
        IEnumerable<string> Inputs()
        {
            yield return "one";
            cancellation.Cancel();
            ran = true;
            yield return "two";
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => this.fixture.Generator.GenerateAsync(Inputs(), cancellationToken: cancellation.Token));
        Assert.True(ran);
    }

    [Fact]
    public async Task Empty_and_whitespace_inputs_give_the_CLS_SEP_embedding()
    {
        var embeddings = await this.fixture.Generator.GenerateAsync([string.Empty, "   ", "\n\t\r\n", "\u200B\u0000"]);

        Assert.Equal(4, embeddings.Count);
        Assert.Equal(1f, Vectors.Norm(embeddings[0].Vector.Span), 4);
        Assert.All(embeddings, e => Vectors.AssertClose(embeddings[0].Vector.ToArray(), e.Vector.ToArray(), 1e-5f));
        Assert.Equal(0L, embeddings.AdditionalProperties?[EmbeddingMetadata.TruncatedInputs]);
    }

    [Fact]
    public async Task No_inputs_give_no_embeddings()
    {
        var embeddings = await this.fixture.Generator.GenerateAsync([]);

        Assert.Empty(embeddings);
    }

    [Fact]
    public void The_metadata_names_the_onnx_provider_the_model_and_384_dimensions()
    {
        var metadata = this.fixture.Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnx", metadata.ProviderName);
        Assert.Equal("snowflake-arctic-embed-xs", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task Disposing_one_generator_leaves_the_others_working()
    {
        var first = await this.fixture.Factory.CreateAsync([]);
        var second = await this.fixture.Factory.CreateAsync([]);

        first.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.GenerateAsync(["x"]));
        var embeddings = await second.GenerateAsync(["still works"]);
        Assert.Equal(384, embeddings[0].Vector.Length);
        second.Dispose();
    }

    [Fact]
    public async Task Concurrent_calls_give_the_same_vectors_as_sequential_ones()
    {
        var texts = SeedParagraphs().Take(8).ToList();
        var expected = new List<float[]>();
        foreach (var text in texts)
        {
            expected.Add(await this.fixture.EmbedAsync(text));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => this.fixture.EmbedAsync(texts[i % texts.Count]))));

        for (var i = 0; i < results.Length; i++)
        {
            Vectors.AssertClose(expected[i % texts.Count], results[i], 1e-5f);
        }
    }

    private static IEnumerable<string> SeedParagraphs()
        => Directory.GetFiles(RepoPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllText(f, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // The whole seed sentence that starts with start (sentences end at ". " or the end of a paragraph).
    private static string SeedSentence(string start)
    {
        foreach (var paragraph in SeedParagraphs())
        {
            var at = paragraph.IndexOf(start, StringComparison.Ordinal);
            if (at >= 0)
            {
                var end = paragraph.IndexOf(". ", at, StringComparison.Ordinal);
                return end < 0 ? paragraph[at..] : paragraph[at..(end + 1)];
            }
        }

        throw new InvalidOperationException($"No seed sentence starts with \"{start}\".");
    }
}
