using System.Globalization;
using AskBot.Core.Configuration;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace AskBot.Core.Embeddings;

/// <summary>
/// Offline embeddings: ML.NET text featurization (word n-grams and character n-grams, TF-IDF weighted,
/// L2-normalised) fitted on the corpus. Input is first reduced to <see cref="TermAnalyzer.Terms"/> so that
/// spelling variants the analyzer unifies also share features. Thread-safe.
/// </summary>
internal sealed class MlNetTextEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ISparseEmbeddingGenerator
{
    private const string ProviderName = "mlnet-textfeaturizer";

    // Below this many inputs a locked PredictionEngine beats building a data view.
    private const int BatchThreshold = 4;

    private readonly MLContext mlContext;
    private readonly ITransformer model;
    private readonly DataViewSchema inputSchema;
    private readonly TermAnalyzer analyzer;
    private readonly PredictionEngine<TextInput, TextFeatures> engine;
    private readonly object engineLock = new();
    private readonly EmbeddingGeneratorMetadata metadata;

    private MlNetTextEmbeddingGenerator(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, TermAnalyzer analyzer)
    {
        this.mlContext = mlContext;
        this.model = model;
        this.inputSchema = inputSchema;
        this.analyzer = analyzer;
        this.engine = mlContext.Model.CreatePredictionEngine<TextInput, TextFeatures>(model, inputSchema);
        var dimensions = ((VectorDataViewType)model.GetOutputSchema(inputSchema)[nameof(TextFeatures.Features)].Type).Size;
        this.Dimensions = dimensions;
        this.metadata = new EmbeddingGeneratorMetadata(ProviderName, defaultModelId: ProviderName, defaultModelDimensions: dimensions);
    }

    /// <summary>Width of the produced vectors (number of distinct n-gram features seen while fitting).</summary>
    public int Dimensions { get; }

    /// <summary>Fits the featurizer on the corpus texts.</summary>
    public static MlNetTextEmbeddingGenerator Fit(IEnumerable<string> corpusTexts, EmbeddingsOptions options, TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(corpusTexts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analyzer);
        var mlContext = new MLContext(seed: 1);
        var rows = corpusTexts.Select(t => new TextInput { Text = Prepare(analyzer, t) }).ToList();
        if (rows.Count == 0)
        {
            // An empty vocabulary still needs a schema; one blank row yields zero-width vectors.
            rows.Add(new TextInput { Text = string.Empty });
        }

        var data = mlContext.Data.LoadFromEnumerable(rows);
        var featurizerOptions = new TextFeaturizingEstimator.Options
        {
            // The analyzer already lowercased, folded and removed stopwords.
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepDiacritics = true,
            KeepPunctuations = true,
            KeepNumbers = true,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = options.WordNgramLength,
                UseAllLengths = true,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            CharFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = options.CharNgramLength,
                UseAllLengths = false,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
        };
        var pipeline = mlContext.Transforms.Text.FeaturizeText(nameof(TextFeatures.Features), featurizerOptions, nameof(TextInput.Text));
        var model = pipeline.Fit(data);
        return new MlNetTextEmbeddingGenerator(mlContext, model, data.Schema, analyzer);
    }

    /// <summary>Recreates a generator saved with <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a readable model.</exception>
    public static MlNetTextEmbeddingGenerator Load(Stream source, TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(analyzer);
        var mlContext = new MLContext(seed: 1);
        try
        {
            var model = mlContext.Model.Load(source, out var inputSchema);
            return new MlNetTextEmbeddingGenerator(mlContext, model, inputSchema, analyzer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not InvalidDataException)
        {
            throw new InvalidDataException("The saved ML.NET featurizer could not be loaded.", ex);
        }
    }

    /// <summary>The settings that change this provider's vectors, as a stable string.</summary>
    public static string Fingerprint(EmbeddingsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture, $"{ProviderName};word={options.WordNgramLength};char={options.CharNgramLength};norm=l2;weight=tfidf");
    }

    /// <summary>Writes the fitted model (ML.NET zip format) to <paramref name="destination"/>.</summary>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        this.mlContext.Model.Save(this.model, this.inputSchema, destination);
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.Select(v => new TextInput { Text = Prepare(this.analyzer, v) }).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        var createdAt = DateTimeOffset.UtcNow;
        if (inputs.Count <= BatchThreshold)
        {
            foreach (var input in inputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TextFeatures output;
                lock (this.engineLock)
                {
                    // PredictionEngine reuses internal buffers and is not thread-safe.
                    output = this.engine.Predict(input);
                }

                result.Add(this.ToEmbedding(output.Features, createdAt));
            }
        }
        else
        {
            // Transform is thread-safe and far cheaper per row than PredictionEngine for corpus-sized batches.
            var transformed = this.model.Transform(this.mlContext.Data.LoadFromEnumerable(inputs, this.inputSchema));
            foreach (var output in this.mlContext.Data.CreateEnumerable<TextFeatures>(transformed, reuseRowObject: false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(this.ToEmbedding(output.Features, createdAt));
            }
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public IReadOnlyList<SparseVector> GenerateSparse(IReadOnlyList<string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new List<SparseVector>(values.Count);
        if (values.Count <= BatchThreshold)
        {
            foreach (var value in values)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var input = new TextInput { Text = Prepare(this.analyzer, value) };
                lock (this.engineLock)
                {
                    // PredictionEngine reuses internal buffers, so the vector is copied out while the lock is held.
                    result.Add(ToSparse(this.engine.Predict(input).Features));
                }
            }

            return result;
        }

        var inputs = values.Select(v => new TextInput { Text = Prepare(this.analyzer, v) }).ToList();
        var transformed = this.model.Transform(this.mlContext.Data.LoadFromEnumerable(inputs, this.inputSchema));
        var column = transformed.Schema[nameof(TextFeatures.Features)];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> features = default;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            getter(ref features);
            result.Add(ToSparse(features));
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return this.metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (this.engineLock)
        {
            this.engine.Dispose();
        }
    }

    private static string Prepare(TermAnalyzer analyzer, string? text)
        => text is null ? string.Empty : string.Join(' ', analyzer.Terms(text));

    private Embedding<float> ToEmbedding(VBuffer<float> features, DateTimeOffset createdAt)
    {
        var dense = new float[this.Dimensions];
        var indices = features.GetIndices();
        var values = features.GetValues();
        if (features.IsDense)
        {
            values.CopyTo(dense);
        }
        else
        {
            for (var i = 0; i < indices.Length; i++)
            {
                dense[indices[i]] = values[i];
            }
        }

        // FeaturizeText L2-normalises the word and the character blocks separately, so their concatenation has
        // length √2; one more normalisation makes dot product equal cosine for every consumer.
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        if (sum > 0)
        {
            var scale = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < dense.Length; i++)
            {
                dense[i] *= scale;
            }
        }

        return new Embedding<float>(dense) { ModelId = ProviderName, CreatedAt = createdAt };
    }

    // Exactly the non-zeros of ToEmbedding's dense vector: same float scaling, same increasing index order.
    private static SparseVector ToSparse(VBuffer<float> features)
    {
        var values = features.GetValues();
        var indices = features.GetIndices();
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        var scale = sum > 0 ? (float)(1 / Math.Sqrt(sum)) : 1f;
        var count = 0;
        foreach (var v in values)
        {
            if (v * scale != 0f)
            {
                count++;
            }
        }

        var outIndices = new int[count];
        var outValues = new float[count];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var scaled = values[i] * scale;
            if (scaled != 0f)
            {
                outIndices[n] = features.IsDense ? i : indices[i];
                outValues[n] = scaled;
                n++;
            }
        }

        return new SparseVector(outIndices, outValues);
    }

    /// <summary>ML.NET input row.</summary>
    internal sealed class TextInput
    {
        public string Text { get; set; } = string.Empty;
    }

    /// <summary>ML.NET output row.</summary>
    internal sealed class TextFeatures
    {
        public VBuffer<float> Features { get; set; }
    }
}
