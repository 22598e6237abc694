using AskBot.Core.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace AskBot.Core.Answering.Reading.Training;

/// <summary>What the sentence ranker is fitted as.</summary>
internal enum RankerKind
{
    /// <summary>A logistic regression (ML.NET L-BFGS).</summary>
    LogisticRegression,

    /// <summary>Gradient-boosted trees (ML.NET FastTree).</summary>
    BoostedTrees,
}

/// <summary>One question of a training set with the evidence the reader gathered for it.</summary>
/// <param name="Set">Name of the question set it belongs to (figures are reported per set).</param>
/// <param name="Question">The gold question.</param>
/// <param name="Evidence">What the reader gathered from the retrieved passages.</param>
internal sealed record TrainingQuestion(string Set, EvalQuestion Question, ReaderEvidence Evidence)
{
    /// <summary>True when an answer with the candidate states one of the gold answers (as answerAccuracy compares them).</summary>
    public bool StatesAnswer(SentenceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return this.Question.Answerable && AnswerNormalizer.ContainsAnswer(candidate.AnswerText, this.Question.Answers);
    }

    /// <summary>True when the candidate sentence itself (what its features describe) states one of the gold answers.</summary>
    public bool SentenceStatesAnswer(SentenceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return this.Question.Answerable && AnswerNormalizer.ContainsAnswer(candidate.Text, this.Question.Answers);
    }
}

/// <summary>How the reader does on one set: answering with the best sentence, or refusing, as the model decides.</summary>
/// <param name="Set">The set.</param>
/// <param name="Answerable">Answerable questions.</param>
/// <param name="Unanswerable">Unanswerable questions.</param>
/// <param name="BestSentenceAccuracy">Share of answerable questions whose best-ranked sentence states the answer (never refusing).</param>
/// <param name="AnswerAccuracy">Share of answerable questions answered with a sentence that states the answer.</param>
/// <param name="RefusalAccuracy">Share of unanswerable questions refused.</param>
/// <param name="FalseRefusalRate">Share of answerable questions refused.</param>
internal sealed record ReaderFigures(
    string Set, int Answerable, int Unanswerable, double BestSentenceAccuracy, double AnswerAccuracy, double RefusalAccuracy, double FalseRefusalRate);

/// <summary>Fitting figures: in-sample (the model fitted on everything, scored on everything) and k-fold cross-validated.</summary>
/// <param name="Folds">Number of folds.</param>
/// <param name="InSample">Per set, scored by the model fitted on all questions.</param>
/// <param name="CrossValidated">Per set, each question scored by the model fitted on the other folds.</param>
internal sealed record ReaderTrainingReport(int Folds, IReadOnlyList<ReaderFigures> InSample, IReadOnlyList<ReaderFigures> CrossValidated);

/// <summary>
/// Fits the reader's two logistic regressions with ML.NET (L-BFGS): the sentence ranker on every candidate of the
/// answerable questions (label: the sentence states a gold answer), then the confidence model on every question (label:
/// the articles answer the question). The decision threshold is not tuned: the reader answers when the question is more
/// likely answerable than not (0.5).
/// </summary>
internal static class ReaderTrainer
{
    /// <summary>The threshold the reader answers at: more likely right than wrong.</summary>
    public const double AnswerThreshold = 0.5;

    /// <summary>Fits both models on <paramref name="questions"/>; the ranker is <paramref name="rankerKind"/>.</summary>
    public static ReaderModel Fit(IReadOnlyList<TrainingQuestion> questions, RankerKind rankerKind = RankerKind.LogisticRegression, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var ml = new MLContext(seed);
        var fit = rankerKind == RankerKind.BoostedTrees ? (Func<MLContext, IReadOnlyList<string>, IEnumerable<(double[], bool)>, ProbabilityModel>)FitTrees : FitLinear;
        var ranker = fit(
            ml,
            ReaderFeatures.SentenceNames,
            questions.Where(q => q.Question.Answerable).SelectMany(q => q.Evidence.Candidates.Select(c => (c.Features, q.SentenceStatesAnswer(c)))));
        var rankerOnly = new ReaderModel(ranker, Flat(ReaderFeatures.QuestionNames), AnswerThreshold);
        var confidence = FitLinear(
            ml,
            ReaderFeatures.QuestionNames,
            questions.Select(q =>
            {
                var result = SentenceReader.Decide(q.Evidence, rankerOnly);
                return (result.QuestionFeatures, q.Question.Answerable);
            }));
        return new ReaderModel(ranker, confidence, AnswerThreshold);
    }

    /// <summary>In-sample figures of <paramref name="model"/> and k-fold cross-validated figures (folds by question, per set).</summary>
    public static ReaderTrainingReport Evaluate(
        IReadOnlyList<TrainingQuestion> questions, ReaderModel model, int folds, RankerKind rankerKind = RankerKind.LogisticRegression, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(model);
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        }

        var inSample = questions.Select(q => (q, SentenceReader.Decide(q.Evidence, model))).ToList();

        // Folds interleave each set's questions in file order, so every fold holds every set and category.
        var fold = new Dictionary<TrainingQuestion, int>();
        foreach (var set in questions.GroupBy(q => q.Set, StringComparer.Ordinal))
        {
            var i = 0;
            foreach (var q in set)
            {
                fold[q] = i++ % folds;
            }
        }

        var heldOut = new List<(TrainingQuestion, ReaderResult)>();
        for (var f = 0; f < folds; f++)
        {
            var foldModel = Fit(questions.Where(q => fold[q] != f).ToList(), rankerKind, seed);
            heldOut.AddRange(questions.Where(q => fold[q] == f).Select(q => (q, SentenceReader.Decide(q.Evidence, foldModel))));
        }

        return new ReaderTrainingReport(folds, Figures(inSample), Figures(heldOut));
    }

    private static List<ReaderFigures> Figures(IReadOnlyList<(TrainingQuestion Question, ReaderResult Result)> scored)
    {
        var figures = new List<ReaderFigures>();
        foreach (var set in scored.GroupBy(s => s.Question.Set, StringComparer.Ordinal))
        {
            var answerable = set.Where(s => s.Question.Question.Answerable).ToList();
            var unanswerable = set.Where(s => !s.Question.Question.Answerable).ToList();
            bool Answers((TrainingQuestion Question, ReaderResult Result) s) => s.Result.Candidates.Count > 0 && s.Result.Confidence >= AnswerThreshold;
            bool BestStates((TrainingQuestion Question, ReaderResult Result) s) => s.Result.Candidates.Count > 0 && s.Question.StatesAnswer(s.Result.Candidates[0]);
            figures.Add(new ReaderFigures(
                set.Key,
                answerable.Count,
                unanswerable.Count,
                Share(answerable, BestStates),
                Share(answerable, s => Answers(s) && BestStates(s)),
                Share(unanswerable, s => !Answers(s)),
                Share(answerable, s => !Answers(s))));
        }

        return figures;
    }

    private static double Share<T>(IReadOnlyList<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? double.NaN : (double)items.Count(predicate) / items.Count;

    private static TreeEnsembleModel FitTrees(MLContext ml, IReadOnlyList<string> features, IEnumerable<(double[] Features, bool Label)> examples)
    {
        var data = Load(ml, features, examples);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            NumberOfTrees = 100,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
        });
        var fitted = trainer.Fit(data).Model;
        var ensemble = fitted.SubModel.TrainedTreeEnsemble;
        var trees = new List<RegressionTree>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = ensemble.TreeWeights[t];
            trees.Add(new RegressionTree(
                [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds.Select(v => (double)v)],
                [.. tree.LeftChild],
                [.. tree.RightChild],
                [.. tree.LeafValues.Select(v => v * weight)]));
        }

        trees.Add(new RegressionTree([], [], [], [], [ensemble.Bias]));
        return new TreeEnsembleModel(features, trees, fitted.Calibrator.Slope, fitted.Calibrator.Offset);
    }

    private static IDataView Load(MLContext ml, IReadOnlyList<string> features, IEnumerable<(double[] Features, bool Label)> examples)
    {
        var rows = examples.Select(e => new Row { Label = e.Label, Features = e.Features.Select(v => (float)v).ToArray() }).ToList();
        if (rows.Count == 0 || rows.All(r => r.Label) || rows.All(r => !r.Label))
        {
            throw new InvalidOperationException("Fitting needs examples of both labels.");
        }

        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features.Count);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static LinearModel Flat(IReadOnlyList<string> features) => new(features, features.Select(_ => 0.0).ToList(), 0);

    private static LinearModel FitLinear(MLContext ml, IReadOnlyList<string> features, IEnumerable<(double[] Features, bool Label)> examples)
    {
        var data = Load(ml, features, examples);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            L1Regularization = 0,
            L2Regularization = 0.1f,
        });
        var fitted = trainer.Fit(data).Model.SubModel;
        return new LinearModel(features, fitted.Weights.Select(w => (double)w).ToList(), fitted.Bias);
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
