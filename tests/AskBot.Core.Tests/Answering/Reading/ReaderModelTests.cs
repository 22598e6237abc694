using System.Text;
using System.Text.Json.Nodes;
using AskBot.Core.Answering.Reading;
using AskBot.Core.Answering.Reading.Training;

namespace AskBot.Core.Tests.Answering.Reading;

public sealed class ReaderModelTests
{
    [Fact]
    public void LinearModelProbability_WeightsAndBias_IsTheLogisticOfTheWeightedSum()
    {
        var model = new LinearModel(["a", "b"], [2.0, -1.0], 0.5);

        // z = 0.5 + 2·1 − 1·3 = −0.5.
        Assert.Equal(1 / (1 + Math.Exp(0.5)), model.Probability([1.0, 3.0]), 15);
        Assert.Equal(0.37754066879814541, model.Probability([1.0, 3.0]), 15);
        Assert.Equal(1 / (1 + Math.Exp(-0.5)), model.Probability([0.0, 0.0]), 15);
    }

    [Theory]
    [InlineData(1.0, 0.0, 5.0)]
    [InlineData(-1.0, 3.0, 7.0)]
    [InlineData(0.0, 10.0, 7.0)]
    [InlineData(-1.0, 20.0, 11.0)]
    public void RegressionTreeEvaluate_Features_ReachTheLeafOfTheirPath(double first, double second, double expected)
    {
        Assert.Equal(expected, TwoLevelTree().Evaluate([first, second]));
    }

    [Fact]
    public void TreeEnsembleProbability_SumOfLeaves_IsPlattCalibrated()
    {
        var model = new TreeEnsembleModel(["a", "b"], [TwoLevelTree(), new RegressionTree([], [], [], [], [-4.0])], -0.5, 0.25);

        // Leaves 5 and −4 sum to 1: p = 1 / (1 + exp(−0.5 · 1 + 0.25)).
        Assert.Equal(1 / (1 + Math.Exp(-0.25)), model.Probability([1.0, 0.0]), 15);

        // Leaves 11 and −4 sum to 7: p = 1 / (1 + exp(−3.5 + 0.25)).
        Assert.Equal(1 / (1 + Math.Exp(-3.25)), model.Probability([-1.0, 20.0]), 15);
    }

    [Fact]
    public void WriteThenRead_LinearModels_RestoreEveryParameterExactly()
    {
        var model = new ReaderModel(
            Linear(ReaderFeatures.SentenceNames, i => Math.PI / (i + 1) * (i % 2 == 0 ? 1 : -1), -Math.E),
            Linear(ReaderFeatures.QuestionNames, i => Math.Sqrt(i + 2) / 7, 1e-300),
            0.4375);

        var read = ReaderModel.Read(new MemoryStream(Serialize(model)));

        var ranker = Assert.IsType<LinearModel>(read.Ranker);
        var expectedRanker = (LinearModel)model.Ranker;
        Assert.Equal(ReaderFeatures.SentenceNames, ranker.Features);
        Assert.Equal(expectedRanker.Weights, ranker.Weights);
        Assert.Equal(expectedRanker.Bias, ranker.Bias);
        var confidence = Assert.IsType<LinearModel>(read.Confidence);
        Assert.Equal(ReaderFeatures.QuestionNames, confidence.Features);
        Assert.Equal(((LinearModel)model.Confidence).Weights, confidence.Weights);
        Assert.Equal(1e-300, confidence.Bias);
        Assert.Equal(0.4375, read.AnswerThreshold);
        Assert.Equal(Serialize(model), Serialize(read));
    }

    [Fact]
    public void WriteThenRead_TreeEnsembleRanker_GivesTheSameProbabilities()
    {
        var model = new ReaderModel(TreeRanker(), ReaderModel.Untrained.Confidence, 0.5);

        var read = ReaderModel.Read(new MemoryStream(Serialize(model)));

        var trees = Assert.IsType<TreeEnsembleModel>(read.Ranker);
        Assert.Equal(2, trees.Trees.Count);
        Assert.Equal(-1.5, trees.Slope);
        Assert.Equal(0.125, trees.Offset);
        var random = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var features = ReaderFeatures.SentenceNames.Select(_ => random.NextDouble()).ToArray();
            Assert.Equal(model.Ranker.Probability(features), read.Ranker.Probability(features));
        }
    }

    [Fact]
    public void Write_Model_NamesEachModelsKindInTheJson()
    {
        var json = JsonNode.Parse(Serialize(new ReaderModel(TreeRanker(), ReaderModel.Untrained.Confidence, 0.5)))!;

        Assert.Equal("boostedTrees", (string?)json["ranker"]!["kind"]);
        Assert.Equal("logisticRegression", (string?)json["confidence"]!["kind"]);
        Assert.Equal(0.5, (double)json["answerThreshold"]!);
        Assert.Equal(ReaderFeatures.SentenceNames, json["ranker"]!["features"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Read_RankerFittedOnFeaturesInAnotherOrder_ThrowsInvalidData()
    {
        var swapped = ReaderFeatures.SentenceNames.ToList();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        var model = ReaderModel.Untrained with { Ranker = Linear(swapped, _ => 0.1, 0) };

        var error = Assert.Throws<InvalidDataException>(() => ReaderModel.Read(new MemoryStream(Serialize(model))));
        Assert.Contains("ranker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ConfidenceFittedOnFewerFeatures_ThrowsInvalidData()
    {
        var model = ReaderModel.Untrained with { Confidence = Linear(ReaderFeatures.QuestionNames.Skip(1).ToList(), _ => 0.1, 0) };

        var error = Assert.Throws<InvalidDataException>(() => ReaderModel.Read(new MemoryStream(Serialize(model))));
        Assert.Contains("confidence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RankerWithFewerWeightsThanFeatures_ThrowsInvalidData()
    {
        var model = ReaderModel.Untrained with { Ranker = new LinearModel(ReaderFeatures.SentenceNames, [1.0, 2.0], 0) };

        Assert.Throws<InvalidDataException>(() => ReaderModel.Read(new MemoryStream(Serialize(model))));
    }

    [Theory]
    [InlineData("leaves", "[1.0]")]
    [InlineData("left", "[-1, 5]")]
    [InlineData("splitFeatures", "[0, 15]")]
    public void Read_TreeWithAnIndexOutOfRange_ThrowsInvalidData(string property, string value)
    {
        var json = JsonNode.Parse(Serialize(new ReaderModel(TreeRanker(), ReaderModel.Untrained.Confidence, 0.5)))!;
        json["ranker"]!["trees"]![0]![property] = JsonNode.Parse(value);

        Assert.Throws<InvalidDataException>(() => ReaderModel.Read(Utf8(json.ToJsonString())));
    }

    [Fact]
    public void Read_TreeWhoseNodePointsBackToItself_ThrowsInvalidData()
    {
        var json = JsonNode.Parse(Serialize(new ReaderModel(TreeRanker(), ReaderModel.Untrained.Confidence, 0.5)))!;

        // Node 1's right child is node 1: evaluation of a value above its threshold would loop forever.
        json["ranker"]!["trees"]![0]!["right"] = JsonNode.Parse("[-1, 1]");

        Assert.Throws<InvalidDataException>(() => ReaderModel.Read(Utf8(json.ToJsonString())));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"ranker\": {\"kind\": \"neuralNet\", \"features\": []}}")]
    public void Read_NotAModel_ThrowsInvalidData(string text)
    {
        Assert.Throws<InvalidDataException>(() => ReaderModel.Read(Utf8(text)));
    }

    [Theory]
    [InlineData("ranker", "weights")]
    [InlineData("ranker", "features")]
    [InlineData("confidence", "weights")]
    public void Read_ModelWithAMissingParameterList_ThrowsInvalidData(string model, string property)
    {
        var json = JsonNode.Parse(Serialize(ReaderModel.Untrained))!;
        json[model]!.AsObject().Remove(property);

        Assert.Throws<InvalidDataException>(() => ReaderModel.Read(Utf8(json.ToJsonString())));
    }

    [Fact]
    public void LoadEmbedded_ShippedModel_FitsTheReadersFeatures()
    {
        var model = ReaderModel.LoadEmbedded();

        Assert.Equal(ReaderFeatures.SentenceNames, model.Ranker.Features);
        Assert.Equal(ReaderFeatures.QuestionNames, model.Confidence.Features);
        Assert.Equal(ReaderTrainer.AnswerThreshold, model.AnswerThreshold);
        var p = model.Ranker.Probability(new double[ReaderFeatures.SentenceNames.Count]);
        Assert.InRange(p, double.Epsilon, 1 - 1e-12);
    }

    [Fact]
    public void Untrained_AnyFeatures_GivesOneHalf()
    {
        var features = ReaderFeatures.SentenceNames.Select((_, i) => (double)i).ToArray();

        Assert.Equal(0.5, ReaderModel.Untrained.Ranker.Probability(features));
        Assert.Equal(0.5, ReaderModel.Untrained.Confidence.Probability(new double[ReaderFeatures.QuestionNames.Count]));
    }

    // Node 0 sends feature 0 ≤ 0 to node 1, else leaf 0 (5); node 1 sends feature 1 ≤ 10 to leaf 1 (7), else leaf 2 (11).
    private static RegressionTree TwoLevelTree() => new([0, 1], [0.0, 10.0], [1, ~1], [~0, ~2], [5.0, 7.0, 11.0]);

    private static TreeEnsembleModel TreeRanker()
    {
        var terms = ReaderFeatures.SentenceNames.ToList().IndexOf(ReaderFeatures.Terms);
        var meaning = ReaderFeatures.SentenceNames.ToList().IndexOf(ReaderFeatures.Meaning);
        return new TreeEnsembleModel(
            ReaderFeatures.SentenceNames,
            [new RegressionTree([terms, meaning], [0.5, 0.25], [~0, ~1], [1, ~2], [-0.75, 0.3, 1.9]), new RegressionTree([], [], [], [], [0.1])],
            -1.5,
            0.125);
    }

    private static LinearModel Linear(IReadOnlyList<string> features, Func<int, double> weight, double bias)
        => new(features, features.Select((_, i) => weight(i)).ToList(), bias);

    private static byte[] Serialize(ReaderModel model)
    {
        using var stream = new MemoryStream();
        model.Write(stream);
        return stream.ToArray();
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
