using System.Globalization;
using AskBot.Cli.Errors;
using AskBot.Cli.Output;
using AskBot.Core.Configuration;
using AskBot.Core.Evaluation;

namespace AskBot.Cli.Commands;

/// <summary>What <c>askbot eval</c> was asked to do, checked before any host is built.</summary>
/// <param name="QuestionSet"><c>--set</c>, or null for <c>AskBot:Eval:QuestionSet</c>.</param>
/// <param name="JsonReport"><c>--json</c> report path, relative to the working directory.</param>
/// <param name="HtmlReport"><c>--html</c> report path, relative to the working directory.</param>
/// <param name="Baseline"><c>--baseline</c>: the JSON report of an earlier run to compare with.</param>
/// <param name="Retriever"><c>--retriever</c>, or null for <c>AskBot:Retrieval:Mode</c>.</param>
/// <param name="ThresholdOverrides"><c>--threshold</c> values by canonical metric name, laid over <c>AskBot:Eval:Thresholds</c>.</param>
public sealed record EvalRequest(
    string? QuestionSet,
    string? JsonReport,
    string? HtmlReport,
    string? Baseline,
    RetrievalModes? Retriever,
    IReadOnlyDictionary<string, double> ThresholdOverrides)
{
    /// <summary><c>--answerer</c>: the offline answerer to run instead of <c>AskBot:Chat:Provider</c>.</summary>
    public ChatProviders? Answerer { get; init; }

    /// <summary><c>--peer</c>: an offline answerer also run on the same questions, whose answerAccuracy is reported beside.</summary>
    public ChatProviders? Peer { get; init; }

    /// <summary>Configuration the flags imply: <c>--retriever</c> becomes <c>AskBot:Retrieval:Mode</c>, <c>--answerer</c> <c>AskBot:Chat:Provider</c>.</summary>
    public IReadOnlyDictionary<string, string?> SettingOverrides => this.Overrides(this.Answerer);

    /// <summary>The overrides of a run with <paramref name="answerer"/> as the chat provider (the peer's run).</summary>
    public IReadOnlyDictionary<string, string?> Overrides(ChatProviders? answerer)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (this.Retriever is { } mode)
        {
            overrides[RetrievalOptions.SectionName + ":Mode"] = mode.ToString();
        }

        if (answerer is { } provider)
        {
            overrides[ChatOptions.SectionName + ":Provider"] = provider.ToString();
        }

        return overrides;
    }
}

/// <summary>Parses and checks the values of <c>eval</c>'s flags; every problem is one <see cref="CliUsageException"/> line.</summary>
public static class EvalArguments
{
    /// <summary>The retriever names <c>--retriever</c> accepts (any case).</summary>
    public static IReadOnlyList<string> RetrieverNames { get; } =
        Enum.GetNames<RetrievalModes>().Select(name => name.ToLowerInvariant()).ToList();

    /// <summary>The offline answerers <c>--answerer</c> and <c>--peer</c> accept, by flag value.</summary>
    public static IReadOnlyDictionary<string, ChatProviders> AnswererNames { get; } = new Dictionary<string, ChatProviders>(StringComparer.OrdinalIgnoreCase)
    {
        ["reader"] = ChatProviders.Extractive,
        ["top-sentence"] = ChatProviders.TopSentence,
    };

    /// <summary><c>reader</c> or <c>top-sentence</c>, in any case.</summary>
    /// <exception cref="CliUsageException">Any other value.</exception>
    public static ChatProviders ParseAnswerer(string value, string flag)
    {
        ArgumentNullException.ThrowIfNull(value);
        return AnswererNames.TryGetValue(value.Trim(), out var provider)
            ? provider
            : throw new CliUsageException($"error: {flag} '{TextSanitizer.SingleLine(value)}' is not one of {string.Join(", ", AnswererNames.Keys)}");
    }

    /// <summary>Builds the request from the raw flag values.</summary>
    /// <exception cref="CliUsageException">A flag value is malformed.</exception>
    public static EvalRequest Parse(
        string? questionSet,
        string? jsonReport,
        string? htmlReport,
        string? baseline,
        string? retriever,
        IReadOnlyList<string>? thresholds)
    {
        return new EvalRequest(
            FilePath(questionSet, "--set"),
            FilePath(jsonReport, "--json"),
            FilePath(htmlReport, "--html"),
            FilePath(baseline, "--baseline"),
            retriever is null ? null : ParseRetriever(retriever),
            ParseThresholds(thresholds ?? []));
    }

    /// <summary><c>hybrid</c>, <c>lexical</c> or <c>vector</c>, in any case.</summary>
    /// <exception cref="CliUsageException">Any other value.</exception>
    public static RetrievalModes ParseRetriever(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        foreach (var mode in Enum.GetValues<RetrievalModes>())
        {
            if (string.Equals(mode.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        throw new CliUsageException(
            $"error: --retriever '{TextSanitizer.SingleLine(value)}' is not one of {string.Join(", ", RetrieverNames)}");
    }

    /// <summary>Parses repeated <c>metric=value</c> flags; a later flag for the same metric wins.</summary>
    /// <exception cref="CliUsageException">A flag is not <c>metric=value</c>, names no known metric, or its value is not a non-negative number.</exception>
    public static IReadOnlyDictionary<string, double> ParseThresholds(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in values)
        {
            var shown = TextSanitizer.SingleLine(raw);
            var separator = raw.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new CliUsageException($"error: --threshold '{shown}' is not metric=value (e.g. {MetricNames.AnswerAccuracy}=0.8)");
            }

            var metric = CanonicalMetric(raw[..separator].Trim())
                ?? throw new CliUsageException(
                    $"error: --threshold '{shown}': unknown metric '{TextSanitizer.SingleLine(raw[..separator].Trim())}'; known: {string.Join(", ", MetricNames.All.Concat(MetricNames.Optional))}");
            var text = raw[(separator + 1)..].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold) || threshold < 0)
            {
                throw new CliUsageException($"error: --threshold '{shown}': '{TextSanitizer.SingleLine(text)}' is not a non-negative number");
            }

            thresholds[metric] = threshold;
        }

        return thresholds;
    }

    /// <summary>The <see cref="MetricNames"/> spelling of <paramref name="name"/> (matched in any case), or null when no metric has that name.</summary>
    public static string? CanonicalMetric(string name) =>
        MetricNames.All.Concat(MetricNames.Optional).FirstOrDefault(metric => string.Equals(metric, name, StringComparison.OrdinalIgnoreCase));

    private static string? FilePath(string? value, string flag)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliUsageException($"error: {flag} needs a file path");
        }

        return value;
    }
}
