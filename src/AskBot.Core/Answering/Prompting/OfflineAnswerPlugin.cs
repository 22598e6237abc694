using System.ComponentModel;
using AskBot.Core.Answering.Reading;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// The offline answerers as native kernel functions: <c>Answer</c> (the sentence reader) and <c>TopSentence</c> (the
/// evaluation peer). They take the typed passages from the <see cref="KernelArguments"/> and return a
/// <see cref="DraftAnswer"/>, which the grounding filter checks like any model's answer.
/// </summary>
internal sealed partial class OfflineAnswerPlugin
{
    /// <summary>Plugin name the functions are registered under.</summary>
    public const string PluginName = "Offline";

    private readonly SentenceReader reader;
    private readonly ReaderAnswerComposer composer;
    private readonly TopSentenceAnswerer topSentence;
    private readonly ICorpusIndexSource indexSource;
    private readonly IOptions<ChatOptions> options;
    private readonly ILogger<OfflineAnswerPlugin> logger;

    public OfflineAnswerPlugin(
        SentenceReader reader,
        ReaderAnswerComposer composer,
        TopSentenceAnswerer topSentence,
        ICorpusIndexSource indexSource,
        IOptions<ChatOptions> options,
        ILogger<OfflineAnswerPlugin> logger)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(topSentence);
        ArgumentNullException.ThrowIfNull(indexSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.reader = reader;
        this.composer = composer;
        this.topSentence = topSentence;
        this.indexSource = indexSource;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>Answers from the passages with the sentence that answers the question, or refuses.</summary>
    [KernelFunction("Answer")]
    [Description("Answers a question with the verbatim sentence of the retrieved passages that answers it, or refuses.")]
    public async Task<DraftAnswer> AnswerAsync(KernelArguments arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var passages = AnswerArguments.PassagesOf(arguments);
        var index = AnswerArguments.IndexOf(arguments) ?? await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        var reading = await this.reader.ReadAsync(AnswerArguments.QuestionOf(arguments), passages, index, cancellationToken).ConfigureAwait(false);
        this.LogReading(
            reading.Profile.Type,
            reading.Candidates.Count,
            reading.Candidates.Count == 0 ? 0 : reading.Candidates[0].Probability,
            reading.Confidence,
            this.reader.Model.AnswerThreshold);
        var maxSentences = AnswerArguments.MaxSentencesOf(arguments, this.options.Value.MaxAnswerSentences);
        return this.composer.Compose(reading, this.reader.Model.AnswerThreshold, maxSentences, index);
    }

    /// <summary>The corpus sentence that scores best by BM25 against the question; never a refusal.</summary>
    [KernelFunction("TopSentence")]
    [Description("Answers with the corpus sentence that scores best by BM25 (evaluation peer).")]
    public async Task<DraftAnswer> TopSentenceAsync(KernelArguments arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var index = AnswerArguments.IndexOf(arguments) ?? await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        return this.topSentence.Answer(AnswerArguments.QuestionOf(arguments), index);
    }

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Reader weighed {Candidates} sentences for a question of kind {AnswerType}: best {BestProbability:0.000}, confidence {Confidence:0.000} (answers at {Threshold:0.00})")]
    private partial void LogReading(AnswerType answerType, int candidates, double bestProbability, double confidence, double threshold);
}
