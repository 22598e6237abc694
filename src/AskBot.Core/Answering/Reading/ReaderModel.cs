using System.Text.Json;
using System.Text.Json.Serialization;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// The fitted part of the offline reader (src/AskBot.Core/Answering/Reading/reader-model.json, embedded): a ranker that
/// gives each candidate sentence the probability that it states the answer, and a confidence model that gives the
/// question, from what its best sentence and passages show, the probability that the articles answer it. Both are logistic regressions fitted with ML.NET on the shipped
/// question set and the SQuAD 2.0 set in ../shared/eval (<c>AskBot.Benchmarks fit-reader</c>, docs/READER.md).
/// </summary>
/// <param name="Ranker">Sentence ranker over <see cref="ReaderFeatures.SentenceNames"/>.</param>
/// <param name="Confidence">Answer-or-refuse model over <see cref="ReaderFeatures.QuestionNames"/>.</param>
/// <param name="AnswerThreshold">The reader answers when the confidence is at least this, and refuses below it.</param>
internal sealed record ReaderModel(
    [property: JsonPropertyName("ranker")] ProbabilityModel Ranker,
    [property: JsonPropertyName("confidence")] ProbabilityModel Confidence,
    [property: JsonPropertyName("answerThreshold")] double AnswerThreshold)
{
    /// <summary>Name of the embedded resource.</summary>
    public const string ResourceName = "AskBot.Core.Answering.Reading.reader-model.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>
    /// A model with no evidence behind it (every weight 0): every sentence equally likely, every question answered. Only
    /// for fitting a model when the shipped one no longer fits the features.
    /// </summary>
    public static ReaderModel Untrained { get; } = new(
        new LinearModel(ReaderFeatures.SentenceNames, ReaderFeatures.SentenceNames.Select(_ => 0.0).ToList(), 0),
        new LinearModel(ReaderFeatures.QuestionNames, ReaderFeatures.QuestionNames.Select(_ => 0.0).ToList(), 0),
        0.5);

    /// <summary>The model shipped in the assembly.</summary>
    /// <exception cref="InvalidDataException">The embedded model is missing or does not fit the features.</exception>
    public static ReaderModel LoadEmbedded()
    {
        using var stream = typeof(ReaderModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The reader model resource {ResourceName} is missing.");
        return Read(stream);
    }

    /// <summary>Reads a model written by <see cref="Write"/>, checking it against the reader's features.</summary>
    /// <exception cref="InvalidDataException">Not a model, or one fitted on other features.</exception>
    public static ReaderModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ReaderModel? model;
        try
        {
            model = JsonSerializer.Deserialize<ReaderModel>(stream, JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new InvalidDataException("The reader model is not valid JSON: " + ex.Message, ex);
        }

        if (model?.Ranker is null || model.Confidence is null || !double.IsFinite(model.AnswerThreshold))
        {
            throw new InvalidDataException("The reader model has no ranker or confidence model.");
        }

        model.Ranker.Check(ReaderFeatures.SentenceNames, "ranker");
        model.Confidence.Check(ReaderFeatures.QuestionNames, "confidence");
        return model;
    }

    /// <summary>Writes the model as indented JSON.</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, this, JsonOptions);
    }
}
