using AskBot.Cli.Commands;
using AskBot.Cli.Errors;
using AskBot.Core.Configuration;
using AskBot.Core.Evaluation;

namespace AskBot.Cli.Tests.Unit;

/// <summary>The values of <c>eval</c>'s flags and the thresholds they override.</summary>
public sealed class EvalArgumentsTests
{
    [Fact]
    public void Thresholds_are_keyed_by_the_canonical_metric_name_and_the_last_flag_wins()
    {
        var thresholds = EvalArguments.ParseThresholds(["AnswerAccuracy=0.5", "latencyP95Ms = 250", "answerAccuracy=0.8"]);

        Assert.Equal(2, thresholds.Count);
        Assert.Equal(0.8, thresholds[MetricNames.AnswerAccuracy]);
        Assert.Equal(250, thresholds[MetricNames.LatencyP95Ms]);
    }

    [Theory]
    [InlineData("=0.5")]
    [InlineData("answerAccuracy")]
    [InlineData("answerAccuracy=")]
    [InlineData("answerAccuracy=0,5")]
    [InlineData("answerAccuracy=NaN")]
    [InlineData("answerAccuracy=-1")]
    [InlineData("accuracy=0.5")]
    public void Malformed_threshold_is_a_one_line_usage_error(string flag)
    {
        var exception = Assert.Throws<CliUsageException>(() => EvalArguments.ParseThresholds([flag]));

        Assert.StartsWith("error: --threshold ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Theory]
    [InlineData("hybrid", RetrievalModes.Hybrid)]
    [InlineData("Lexical", RetrievalModes.Lexical)]
    [InlineData("VECTOR", RetrievalModes.Vector)]
    public void Retriever_is_matched_in_any_case(string value, RetrievalModes expected)
    {
        var request = EvalArguments.Parse(null, null, null, null, value, null);

        Assert.Equal(expected, request.Retriever);
        Assert.Equal(expected.ToString(), request.SettingOverrides["AskBot:Retrieval:Mode"]);
    }

    [Theory]
    [InlineData("bm25")]
    [InlineData("1")]
    [InlineData("")]
    public void Unknown_retriever_is_a_usage_error(string value)
    {
        var exception = Assert.Throws<CliUsageException>(() => EvalArguments.ParseRetriever(value));

        Assert.Contains("hybrid, lexical, vector", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_retriever_no_setting_is_overridden()
    {
        Assert.Empty(EvalArguments.Parse("set.jsonl", null, null, null, null, null).SettingOverrides);
    }

    [Fact]
    public void Flags_override_configured_thresholds_and_configured_names_are_canonicalised()
    {
        var configured = new Dictionary<string, double> { ["answeraccuracy"] = 0.5, [MetricNames.Mrr] = 0.7 };
        var overrides = new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.9 };

        var thresholds = EvalCommandHandler.Thresholds(configured, overrides);

        Assert.Equal(new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.9, [MetricNames.Mrr] = 0.7 }, thresholds);
    }

    [Fact]
    public void Configured_threshold_for_an_unknown_metric_names_the_setting()
    {
        var exception = Assert.Throws<CliUsageException>(
            () => EvalCommandHandler.Thresholds(new Dictionary<string, double> { ["accuracy"] = 0.5 }, new Dictionary<string, double>()));

        Assert.StartsWith("error: invalid setting AskBot:Eval:Thresholds:accuracy: unknown metric", exception.Message, StringComparison.Ordinal);
    }
}
