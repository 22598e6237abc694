using AskBot.Core.Answering;
using AskBot.Core.Evaluation;
using static AskBot.Core.Tests.Evaluation.EvalTestData;

namespace AskBot.Core.Tests.Evaluation;

public sealed class EvaluationMetricsTests
{
    private const string Unrelated = "Russia on March 23, 2024, said it had arrested 11 people over the attack.";
    private readonly EvaluationMetrics metrics = new();

    [Fact]
    public void Compute_CorrectAnswerWithSupportingCitation_PassesWithFullCitationScores()
    {
        var result = Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)], [Chunk("doc-a", GhafariSentence)]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Empty(scored.FailureReasons);
        Assert.Empty(scored.UnsupportedClaims);
        Assert.Equal(1, scored.Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(0, scored.Metrics[MetricNames.FalseRefusalRate]);
        Assert.Equal(1, scored.Metrics[MetricNames.GuardSupport]);
        Assert.Equal(1, scored.Metrics[MetricNames.CitedEvidenceRecall]);
        Assert.Equal(1, scored.Metrics[MetricNames.CitationPrecision]);
        Assert.False(scored.Metrics.ContainsKey(MetricNames.RefusalAccuracy));
    }

    [Fact]
    public void Compute_ClaimWithANumberTheCitedPassageLacks_IsUnsupportedAndFailsThoughItCitesTheGoldPassage()
    {
        var claim = "ISIS-K is led by a 35-year-old named Sanaullah Ghafari";
        var result = Result(claim + " [1].", [Cite(1, GhafariSentence)], [Chunk("doc-a", GhafariSentence)]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Equal([claim], scored.UnsupportedClaims);
        Assert.Equal(0, scored.Metrics[MetricNames.GuardSupport]);
        Assert.Equal(1, scored.Metrics[MetricNames.CitedEvidenceRecall]);
        Assert.Equal(1, scored.Metrics[MetricNames.CitationPrecision]);
        Assert.Equal(1, scored.Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(["1 unsupported claim(s)"], scored.FailureReasons);
    }

    [Fact]
    public void Compute_UncitedClaim_LowersGuardSupportButNotCitationPrecision()
    {
        var result = Result("ISIS-K is led by Sanaullah Ghafari [1].\nThe group is financed by cryptocurrency.", [Cite(1, GhafariSentence)]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Equal(0.5, scored.Metrics[MetricNames.GuardSupport]);
        Assert.Equal(1, scored.Metrics[MetricNames.CitationPrecision]);
        Assert.Equal(["The group is financed by cryptocurrency."], scored.UnsupportedClaims);
    }

    [Fact]
    public void Compute_GoldAndNonGoldCitation_RecallsTheEvidenceWithHalfPrecision()
    {
        var result = Result("ISIS-K is led by Sanaullah Ghafari [1][2].", [Cite(1, GhafariSentence), Cite(2, Unrelated, "doc-b")]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Equal(1, scored.Metrics[MetricNames.GuardSupport]);
        Assert.Equal(1, scored.Metrics[MetricNames.CitedEvidenceRecall]);
        Assert.Equal(0.5, scored.Metrics[MetricNames.CitationPrecision]);
    }

    [Fact]
    public void Compute_FactFreeLeadIn_IsNotAClaim()
    {
        var result = Result("The sources give different figures:\n- ISIS-K is led by Sanaullah Ghafari [1]", [Cite(1, GhafariSentence)]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Equal(1, scored.Metrics[MetricNames.GuardSupport]);
        Assert.Empty(scored.UnsupportedClaims);
    }

    [Fact]
    public void Compute_RefusedAnswerableQuestion_FailsAndHasNoCitationMetrics()
    {
        var scored = this.metrics.Compute(Question(), Result(AnswerTexts.Refusal));

        Assert.Equal(0, scored.Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(1, scored.Metrics[MetricNames.FalseRefusalRate]);
        Assert.False(scored.Metrics.ContainsKey(MetricNames.CitedEvidenceRecall));
        Assert.False(scored.Metrics.ContainsKey(MetricNames.CitationPrecision));
        Assert.False(scored.Metrics.ContainsKey(MetricNames.GuardSupport));
        Assert.Contains("refused an answerable question", scored.FailureReasons);
    }

    [Fact]
    public void Compute_AnswerCitingAnotherPassageTheGuardAccepts_HasCitedEvidenceRecallZero()
    {
        const string otherPassage = "Sanaullah Ghafari leads ISIS-K, officials in Kabul said on Tuesday.";
        var result = Result("Sanaullah Ghafari leads ISIS-K [1].", [Cite(1, otherPassage, "doc-b")]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Equal(1, scored.Metrics[MetricNames.GuardSupport]);
        Assert.Equal(0, scored.Metrics[MetricNames.CitedEvidenceRecall]);

        // The passage holds the gold answer, so the citation is still a precise one.
        Assert.Equal(1, scored.Metrics[MetricNames.CitationPrecision]);
    }

    [Fact]
    public void Compute_CitationOfNeitherEvidenceNorAnswer_HasCitationPrecisionZero()
    {
        var result = Result("Russia said it had arrested 11 people over the attack [1].", [Cite(1, Unrelated, "doc-b")]);

        var scored = this.metrics.Compute(Question(), result);

        Assert.Equal(0, scored.Metrics[MetricNames.CitedEvidenceRecall]);
        Assert.Equal(0, scored.Metrics[MetricNames.CitationPrecision]);
    }

    [Fact]
    public void Compute_AnsweredUnanswerableQuestion_HasCitationPrecisionZeroAndNoCitedEvidenceRecall()
    {
        var result = Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)]);

        var scored = this.metrics.Compute(Question(answerable: false), result);

        Assert.Equal(0, scored.Metrics[MetricNames.CitationPrecision]);
        Assert.False(scored.Metrics.ContainsKey(MetricNames.CitedEvidenceRecall));
        Assert.Equal(1, scored.Metrics[MetricNames.GuardSupport]);
    }

    [Fact]
    public void Compute_AnswerableQuestionWithAnswersButNoEvidence_HasCitationPrecisionButNoCitedEvidenceRecall()
    {
        var result = Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)]);

        var scored = this.metrics.Compute(Question(evidence: [], sources: []), result);

        Assert.Equal(1, scored.Metrics[MetricNames.CitationPrecision]);
        Assert.False(scored.Metrics.ContainsKey(MetricNames.CitedEvidenceRecall));
    }

    [Fact]
    public void Compute_AnswerWithoutCitations_HasCitedEvidenceRecallZeroAndNoCitationPrecision()
    {
        var scored = this.metrics.Compute(Question(), Result("ISIS-K is led by Sanaullah Ghafari."));

        Assert.Equal(0, scored.Metrics[MetricNames.CitedEvidenceRecall]);
        Assert.False(scored.Metrics.ContainsKey(MetricNames.CitationPrecision));
    }

    [Fact]
    public void Rates_IncludeCitedEvidenceRecallButNotTheCitationShares()
    {
        Assert.Contains(MetricNames.CitedEvidenceRecall, MetricNames.Rates);
        Assert.DoesNotContain(MetricNames.CitationPrecision, MetricNames.Rates);
        Assert.DoesNotContain(MetricNames.GuardSupport, MetricNames.Rates);
    }

    [Fact]
    public void Compute_WrongAnswer_NamesTheAcceptedAnswers()
    {
        var scored = this.metrics.Compute(Question(answers: ["Ghafari", "Sanaullah"]), Result("Abu Bakr [1].", [Cite(1, "Abu Bakr")]));

        Assert.Equal(0, scored.Metrics[MetricNames.AnswerAccuracy]);
        Assert.Contains("answer does not contain any of: \"Ghafari\", \"Sanaullah\"", scored.FailureReasons);
    }

    [Fact]
    public void Compute_UnanswerableQuestion_RefusalIsRightAndAnswerIsWrong()
    {
        var question = Question(answerable: false);

        var refused = this.metrics.Compute(question, Result(AnswerTexts.Refusal));
        var answered = this.metrics.Compute(question, Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)]));

        Assert.Empty(refused.FailureReasons);
        Assert.Equal(1, refused.Metrics[MetricNames.RefusalAccuracy]);
        Assert.Equal([MetricNames.RefusalAccuracy], refused.Metrics.Keys);
        Assert.Equal(0, answered.Metrics[MetricNames.RefusalAccuracy]);
        Assert.Equal(["answered an unanswerable question"], answered.FailureReasons);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1.0)]
    [InlineData(1, 0, 1, 1, 0.5)]
    [InlineData(2, 0, 1, 1, 1.0 / 3)]
    [InlineData(3, 0, 0, 1, 0.25)]
    [InlineData(4, 0, 0, 1, 0.2)]
    [InlineData(5, 0, 0, 0, 0.0)]
    public void Compute_EvidenceAtRank_GivesHitsAndReciprocalRankWithinTopFive(int index, double hit1, double hit3, double hit5, double mrr)
    {
        var retrieved = Enumerable.Range(0, 8)
            .Select(i => i == index ? Chunk("doc-a", "Intro. " + GhafariSentence, i) : Chunk("doc-b", Unrelated, i))
            .ToList();

        var scored = this.metrics.Compute(Question(), Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)], retrieved));

        Assert.Equal(hit1, scored.Metrics[MetricNames.EvidenceHitAt1]);
        Assert.Equal(hit3, scored.Metrics[MetricNames.EvidenceHitAt3]);
        Assert.Equal(hit5, scored.Metrics[MetricNames.EvidenceHitAt5]);
        Assert.Equal(mrr, scored.Metrics[MetricNames.Mrr], 9);
        Assert.Equal(hit5 == 0, scored.FailureReasons.Contains("no gold evidence in top 5"));
    }

    [Fact]
    public void Compute_EvidenceWithCurlyQuotesAndLineBreaks_MatchesChunkAfterNormalisation()
    {
        var question = Question(evidence: ["the country’s most popular\nrock bands"], sources: ["doc-z"]);
        var retrieved = new[] { Chunk("doc-b", "Picnic, one of the country's most  popular rock bands, was set to play.") };

        var scored = this.metrics.Compute(question, Result(AnswerTexts.Refusal, retrieved: retrieved));

        Assert.Equal(1, scored.Metrics[MetricNames.EvidenceHitAt1]);
        Assert.Equal(0, scored.Metrics[MetricNames.SourceHitAt5]);
    }

    [Fact]
    public void Compute_GoldSourceAtRankThree_HitsAtThreeAndFiveOnly()
    {
        var retrieved = new[] { Chunk("doc-b", Unrelated, 0), Chunk("doc-c", Unrelated, 1), Chunk("doc-a", Unrelated, 2) };

        var scored = this.metrics.Compute(Question(), Result(AnswerTexts.Refusal, retrieved: retrieved));

        Assert.Equal(0, scored.Metrics[MetricNames.SourceHitAt1]);
        Assert.Equal(1, scored.Metrics[MetricNames.SourceHitAt3]);
        Assert.Equal(1, scored.Metrics[MetricNames.SourceHitAt5]);
    }

    [Fact]
    public void Compute_AnswerableQuestionWithoutEvidence_HasNoRetrievalMetrics()
    {
        var scored = this.metrics.Compute(Question(evidence: [], sources: []), Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)]));

        Assert.False(scored.Metrics.ContainsKey(MetricNames.EvidenceHitAt5));
        Assert.False(scored.Metrics.ContainsKey(MetricNames.SourceHitAt1));
        Assert.False(scored.Metrics.ContainsKey(MetricNames.Mrr));
    }

    [Fact]
    public void Summarize_AveragesOverApplicableQuestionsAndCountsRefusalsExcludedFromCitations()
    {
        var good = Scored(Question("a"), Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)]), latencyMs: 5);
        var refusedAnswerable = Scored(Question("b"), Result(AnswerTexts.Refusal), latencyMs: 20);
        var refusedUnanswerable = Scored(Question("c", answerable: false), Result(AnswerTexts.Refusal), latencyMs: 10);

        var summary = EvaluationMetrics.Summarize([good, refusedAnswerable, refusedUnanswerable]);

        Assert.Equal(3, summary.Count);
        Assert.Equal(0.5, summary.Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(2, summary.Counts[MetricNames.AnswerAccuracy]);
        Assert.Equal(1, summary.Metrics[MetricNames.RefusalAccuracy]);
        Assert.Equal(1, summary.Counts[MetricNames.RefusalAccuracy]);
        Assert.Equal(1, summary.Counts[MetricNames.GuardSupport]);
        Assert.Equal(1, summary.Counts[MetricNames.CitedEvidenceRecall]);
        Assert.Equal(2, summary.RefusedExcludedFromCitations);
        Assert.Equal(10, summary.Metrics[MetricNames.LatencyP50Ms]);
        Assert.Equal(20, summary.Metrics[MetricNames.LatencyP95Ms]);
    }

    [Fact]
    public void NearestRank_TwentyValues_PicksTheTenthAndNineteenth()
    {
        var values = Enumerable.Range(1, 20).Select(i => (double)i).ToList();

        Assert.Equal(10, EvaluationMetrics.NearestRank(values, 50));
        Assert.Equal(19, EvaluationMetrics.NearestRank(values, 95));
        Assert.Equal(7, EvaluationMetrics.NearestRank([7], 95));
    }
}
