using AskBot.Core.Answering.Reading;
using AskBot.Core.Answering.Reading.Training;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Evaluation;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering.Reading;

public sealed class ReaderTrainerTests
{
    private const int CandidatesPerQuestion = 4;

    private static readonly int TermsFeature = SentenceReader.Index(ReaderFeatures.Terms);
    private static readonly QuestionProfile Profile = QuestionProfile.Create("What did the committee decide?", new TermAnalyzer());
    private static readonly RetrievedChunk Passage = new(
        new Chunk("doc#0.0", "doc", 0, null, null, null, "Text.", 0, 5, [new TextSpan(0, 5)], BlockKind.Body), 1, 1, 0);

    [Fact]
    public void Fit_OneFeatureSeparatesRightFromWrongSentences_RanksTheRightSentenceFirst()
    {
        var questions = Synthetic(seed: 11, ("alpha", 24, 6), ("beta", 16, 4));

        var model = ReaderTrainer.Fit(questions);

        var ranker = Assert.IsType<LinearModel>(model.Ranker);
        Assert.Equal(ReaderFeatures.SentenceNames, ranker.Features);
        Assert.Equal(ReaderFeatures.QuestionNames, model.Confidence.Features);
        Assert.Equal(ReaderTrainer.AnswerThreshold, model.AnswerThreshold);
        Assert.True(ranker.Weights[TermsFeature] > 0, $"terms weight {ranker.Weights[TermsFeature]}");
        Assert.Equal(ranker.Weights.Max(Math.Abs), Math.Abs(ranker.Weights[TermsFeature]));
        foreach (var question in questions.Where(q => q.Question.Answerable))
        {
            var result = SentenceReader.Decide(question.Evidence, model);
            Assert.Equal(RightText(question.Question.Id), result.Candidates[0].Text);
            Assert.True(result.Candidates[0].Probability > result.Candidates[1].Probability);
        }
    }

    [Fact]
    public void Fit_BestSentenceOnlyStrongWhenAnswerable_AnswersAnswerableAndRefusesTheRest()
    {
        var questions = Synthetic(seed: 12, ("alpha", 24, 8));

        var model = ReaderTrainer.Fit(questions);

        foreach (var question in questions)
        {
            var confidence = SentenceReader.Decide(question.Evidence, model).Confidence;
            if (question.Question.Answerable)
            {
                Assert.True(confidence >= ReaderTrainer.AnswerThreshold, $"{question.Question.Id} refused at {confidence}");
            }
            else
            {
                Assert.True(confidence < ReaderTrainer.AnswerThreshold, $"{question.Question.Id} answered at {confidence}");
            }
        }
    }

    [Fact]
    public void Fit_BoostedTrees_RanksTheRightSentenceFirst()
    {
        var questions = Synthetic(seed: 13, ("alpha", 40, 8));

        var model = ReaderTrainer.Fit(questions, RankerKind.BoostedTrees);

        var ranker = Assert.IsType<TreeEnsembleModel>(model.Ranker);
        Assert.Equal(ReaderFeatures.SentenceNames, ranker.Features);
        Assert.IsType<LinearModel>(model.Confidence);
        foreach (var question in questions.Where(q => q.Question.Answerable))
        {
            Assert.Equal(RightText(question.Question.Id), SentenceReader.Decide(question.Evidence, model).Candidates[0].Text);
        }
    }

    [Fact]
    public void Fit_SameQuestionsAndSeed_GivesTheSameModel()
    {
        var questions = Synthetic(seed: 14, ("alpha", 20, 5));

        var first = (LinearModel)ReaderTrainer.Fit(questions).Ranker;
        var second = (LinearModel)ReaderTrainer.Fit(questions).Ranker;

        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
    }

    [Fact]
    public void Fit_NoAnswerableQuestion_ThrowsForWantOfBothLabels()
    {
        var questions = Synthetic(seed: 15, ("alpha", 0, 5));

        Assert.Throws<InvalidOperationException>(() => ReaderTrainer.Fit(questions));
    }

    [Fact]
    public void Evaluate_SeparableSets_ReportsPerfectInSampleAndCrossValidatedFiguresPerSetWithCounts()
    {
        var questions = Synthetic(seed: 16, ("alpha", 24, 8), ("beta", 20, 8));
        var model = ReaderTrainer.Fit(questions);

        var report = ReaderTrainer.Evaluate(questions, model, folds: 4);

        Assert.Equal(4, report.Folds);
        foreach (var figures in new[] { report.InSample, report.CrossValidated })
        {
            Assert.Equal(
                [new ReaderFigures("alpha", 24, 8, 1, 1, 1, 0), new ReaderFigures("beta", 20, 8, 1, 1, 1, 0)],
                figures);
        }
    }

    [Fact]
    public void Evaluate_RankerThatPrefersWrongSentences_ReportsTheMissesInSample()
    {
        var questions = Synthetic(seed: 17, ("alpha", 12, 4));

        // Weighs terms negatively: the right sentence (high terms) always ranks last; every question is answered.
        var weights = ReaderFeatures.SentenceNames.Select((_, i) => i == TermsFeature ? -5.0 : 0.0).ToList();
        var backwards = new ReaderModel(
            new LinearModel(ReaderFeatures.SentenceNames, weights, 0),
            new LinearModel(ReaderFeatures.QuestionNames, ReaderFeatures.QuestionNames.Select(_ => 0.0).ToList(), 1),
            ReaderTrainer.AnswerThreshold);

        var report = ReaderTrainer.Evaluate(questions, backwards, folds: 3);

        Assert.Equal(new ReaderFigures("alpha", 12, 4, 0, 0, 0, 0), Assert.Single(report.InSample));
        Assert.Equal(1.0, Assert.Single(report.CrossValidated).BestSentenceAccuracy);
    }

    [Fact]
    public void Evaluate_SetWithoutUnanswerableQuestions_ReportsNaNForItsRefusalAccuracy()
    {
        var questions = Synthetic(seed: 18, ("alpha", 16, 6), ("beta", 8, 0));
        var model = ReaderTrainer.Fit(questions);

        var beta = ReaderTrainer.Evaluate(questions, model, folds: 2).InSample.Single(f => f.Set == "beta");

        Assert.Equal((8, 0), (beta.Answerable, beta.Unanswerable));
        Assert.True(double.IsNaN(beta.RefusalAccuracy));
        Assert.Equal(1.0, beta.BestSentenceAccuracy);
    }

    [Fact]
    public void Evaluate_FewerThanTwoFolds_Throws()
    {
        var questions = Synthetic(seed: 19, ("alpha", 10, 4));

        Assert.Throws<ArgumentOutOfRangeException>(() => ReaderTrainer.Evaluate(questions, ReaderModel.Untrained, folds: 1));
    }

    [Fact]
    public void StatesAnswer_CandidateWithTheGoldAnswer_IsTrueOnlyForAnswerableQuestions()
    {
        var question = Synthetic(seed: 20, ("alpha", 1, 0))[0];
        var right = question.Evidence.Candidates.Single(c => c.Text == RightText(question.Question.Id));
        var unanswerable = question with { Question = question.Question with { Answerable = false } };

        Assert.True(question.StatesAnswer(right));
        Assert.True(question.SentenceStatesAnswer(right));
        Assert.Equal(1, question.Evidence.Candidates.Count(question.StatesAnswer));
        Assert.False(unanswerable.StatesAnswer(right));
    }

    private static string RightText(string id) => $"The committee chose plan {id}-kestrel after a long debate.";

    // Per set: answerable questions whose one right sentence has a high "terms" feature and whose wrong ones a low one,
    // then unanswerable questions whose candidates are all low; every other feature is noise from the same distribution.
    private static List<TrainingQuestion> Synthetic(int seed, params (string Set, int Answerable, int Unanswerable)[] sets)
    {
        var random = new Random(seed);
        var questions = new List<TrainingQuestion>();
        foreach (var (set, answerable, unanswerable) in sets)
        {
            for (var q = 0; q < answerable + unanswerable; q++)
            {
                var id = $"{set}{q}";
                var isAnswerable = q < answerable;
                var right = isAnswerable ? random.Next(CandidatesPerQuestion) : -1;
                var candidates = new List<SentenceCandidate>();
                for (var c = 0; c < CandidatesPerQuestion; c++)
                {
                    var features = ReaderFeatures.SentenceNames.Select(_ => random.NextDouble()).ToArray();
                    features[TermsFeature] = c == right ? 0.8 + (0.2 * random.NextDouble()) : 0.3 * random.NextDouble();
                    var text = c == right ? RightText(id) : $"Sentence {c} of {id} talks about something else entirely.";
                    candidates.Add(new SentenceCandidate((q * CandidatesPerQuestion) + c, c + 1, Passage, text, features, 0));
                }

                var gold = new EvalQuestion(
                    id, "What did the committee decide?", [], isAnswerable, isAnswerable ? [$"{id}-kestrel"] : [], [], [], "synthetic", q + 1);
                questions.Add(new TrainingQuestion(set, gold, new ReaderEvidence(Profile, candidates, 1, 0)));
            }
        }

        return questions;
    }
}
