using System.Text.Json;
using AskBot.Core.Answering;
using AskBot.Core.Evaluation;
using AskBot.Core.Tests.TestSupport;
using static AskBot.Core.Tests.Evaluation.EvalTestData;

namespace AskBot.Core.Tests.Evaluation;

public sealed class EvaluationReportWriterTests : IDisposable
{
    private readonly IngestionTempFolder folder = new();

    public void Dispose() => this.folder.Dispose();

    [Fact]
    public async Task JsonReport_ReadBack_GivesSummaryAndPassFailPerQuestion()
    {
        var report = SampleReport();
        var thresholds = ThresholdCheck.Evaluate(report.Summary, new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.9 });
        var path = Path.Combine(this.folder.Path, "out", "report.json");

        await new EvaluationJsonWriter().WriteAsync(report, thresholds, path, CancellationToken.None);
        var baseline = await EvaluationJsonWriter.ReadBaselineAsync(path);

        Assert.Equal(report.Summary.Metrics, baseline.Summary);
        Assert.Equal(new Dictionary<string, bool> { ["good"] = true, ["bad"] = false, ["none"] = true }, baseline.Passed);
        Assert.Equal("Test", baseline.Provider);
        Assert.Equal("Hybrid", baseline.Retriever);
    }

    [Fact]
    public void JsonReport_NamesTheAnswererAndTheJudgeModelWithTheJudgeHostOnly()
    {
        var report = SampleReport() with
        {
            Answerer = new AnswererInfo("OpenAICompatible", "answer-model"),
            Judge = new JudgeInfo("judge-model", "judge.example:8443"),
        };

        using var document = JsonDocument.Parse(EvaluationJsonWriter.ToUtf8(report, []));

        var root = document.RootElement;
        Assert.Equal("OpenAICompatible", root.GetProperty("answerer").GetProperty("provider").GetString());
        Assert.Equal("answer-model", root.GetProperty("answerer").GetProperty("model").GetString());
        Assert.Equal("judge-model", root.GetProperty("judge").GetProperty("model").GetString());
        Assert.Equal("judge.example:8443", root.GetProperty("judge").GetProperty("endpoint").GetString());
    }

    [Fact]
    public void JsonReport_WithoutJudge_HasANullJudgeAndNoGroundedness()
    {
        using var document = JsonDocument.Parse(EvaluationJsonWriter.ToUtf8(SampleReport(), []));

        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("judge").ValueKind);
        Assert.Equal("Test", root.GetProperty("answerer").GetProperty("provider").GetString());
        Assert.False(root.GetProperty("summary").TryGetProperty(MetricNames.Groundedness, out _));
    }

    [Fact]
    public async Task JsonReport_HasEveryMetricNameAndTheAskJsonShapes()
    {
        var path = Path.Combine(this.folder.Path, "report.json");

        await new EvaluationJsonWriter().WriteAsync(SampleReport(), [], path, CancellationToken.None);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = document.RootElement;
        Assert.Equal(MetricNames.All, root.GetProperty("summary").EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, root.GetProperty("counts").GetProperty("questions").GetInt32());
        Assert.Equal(3, root.GetProperty("categories").GetProperty("fact").GetProperty("count").GetInt32() + root.GetProperty("categories").GetProperty("unanswerable").GetProperty("count").GetInt32());
        var question = root.GetProperty("questions")[0];
        Assert.Equal(
            ["id", "category", "question", "history", "answerable", "standaloneQuestion", "answer", "refused", "passed", "failureReasons", "metrics", "unsupportedClaims", "latencyMs", "notes", "citations", "retrieved"],
            question.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["n", "docId", "title", "byline", "date", "quote", "start", "end", "startUtf8", "endUtf8", "startCodePoint", "endCodePoint", "sourceFile", "page"], question.GetProperty("citations")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["docId", "chunkId", "score", "text", "start", "end", "startUtf8", "endUtf8", "startCodePoint", "endCodePoint"], question.GetProperty("retrieved")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["provider", "answerer", "judge", "retriever", "questionSet", "wallSeconds"], root.EnumerateObject().Select(p => p.Name).TakeLast(6));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"questions": []}""")]
    [InlineData("""{"summary": {}, "questions": [{"id": "a"}]}""")]
    [InlineData("""{"summary": {"mrr": "high"}, "questions": []}""")]
    public async Task ReadBaselineAsync_MalformedFile_ThrowsEvaluationReportException(string content)
    {
        var path = this.folder.WriteText("bad.json", content);

        var ex = await Assert.ThrowsAsync<EvaluationReportException>(() => EvaluationJsonWriter.ReadBaselineAsync(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBaselineAsync_MissingFile_ThrowsEvaluationReportException()
    {
        await Assert.ThrowsAsync<EvaluationReportException>(() => EvaluationJsonWriter.ReadBaselineAsync(Path.Combine(this.folder.Path, "none.json")));
    }

    [Fact]
    public void Compare_GivesDeltasAndFlippedQuestions()
    {
        var report = SampleReport();
        var baseline = new BaselineReport(
            null,
            null,
            null,
            new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.75, ["retired"] = 3 },
            new Dictionary<string, bool> { ["good"] = false, ["bad"] = true, ["none"] = true, ["gone"] = false });

        var diff = BaselineComparison.Compare(report, baseline);

        var delta = Assert.Single(diff.Metrics);
        Assert.Equal(MetricNames.AnswerAccuracy, delta.Metric);
        Assert.Equal(1.0, delta.Current);
        Assert.Equal(0.25, delta.Delta, 9);
        Assert.Equal(["bad"], diff.PassedToFailed);
        Assert.Equal(["good"], diff.FailedToPassed);
    }

    [Fact]
    public async Task HtmlReport_IsSelfContainedEncodedAndListsEveryQuestion()
    {
        var report = SampleReport();
        var thresholds = ThresholdCheck.Evaluate(report.Summary, new Dictionary<string, double> { [MetricNames.AnswerAccuracy] = 0.9, [MetricNames.FalseRefusalRate] = 0.6 });
        var diff = BaselineComparison.Compare(report, new BaselineReport(null, null, null, report.Summary.Metrics, new Dictionary<string, bool> { ["bad"] = true }));
        var path = Path.Combine(this.folder.Path, "report.html");

        await new EvaluationHtmlWriter().WriteAsync(report, thresholds, diff, path, CancellationToken.None);

        var html = await File.ReadAllTextAsync(path);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<mark>ISIS-K is led by a 35-year-old named Sanaullah Ghafari</mark>", html, StringComparison.Ordinal);
        Assert.Contains("gold evidence", html, StringComparison.Ordinal);
        foreach (var question in report.Questions)
        {
            Assert.Contains($"id=\"q-{question.Question.Id}\"", html, StringComparison.Ordinal);
        }

        Assert.True(html.IndexOf("id=\"q-bad\"", StringComparison.Ordinal) < html.IndexOf("id=\"q-good\"", StringComparison.Ordinal), "failed questions come first");
    }

    [Fact]
    public async Task Writers_OverwriteAtomicallyAndLeaveNoTempFiles()
    {
        var report = SampleReport();
        var json = Path.Combine(this.folder.Path, "report.json");
        var html = Path.Combine(this.folder.Path, "report.html");
        await File.WriteAllTextAsync(json, "old");
        await File.WriteAllTextAsync(html, "old");

        await new EvaluationJsonWriter().WriteAsync(report, [], json, CancellationToken.None);
        await new EvaluationHtmlWriter().WriteAsync(report, [], null, html, CancellationToken.None);

        Assert.Equal(["report.html", "report.json"], Directory.GetFiles(this.folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.NotEqual("old", await File.ReadAllTextAsync(json));
        Assert.NotEqual("old", await File.ReadAllTextAsync(html));
    }

    [Fact]
    public void JsonReport_IntervalsGiveEachRateItsCountsAndWilsonBounds()
    {
        using var document = JsonDocument.Parse(EvaluationJsonWriter.ToUtf8(SampleReport(), []));

        var intervals = document.RootElement.GetProperty("intervals");
        Assert.Equal(MetricNames.All.Where(MetricNames.Rates.Contains), intervals.EnumerateObject().Select(p => p.Name));
        var accuracy = intervals.GetProperty(MetricNames.AnswerAccuracy);
        Assert.Equal(2, accuracy.GetProperty("successes").GetInt32());
        Assert.Equal(2, accuracy.GetProperty("trials").GetInt32());
        Assert.Equal(0.3424, accuracy.GetProperty("lower").GetDouble(), 4);
        Assert.Equal(1.0, accuracy.GetProperty("upper").GetDouble(), 4);
        var falseRefusals = intervals.GetProperty(MetricNames.FalseRefusalRate);
        Assert.Equal(0, falseRefusals.GetProperty("successes").GetInt32());
        Assert.Equal(0.6576, falseRefusals.GetProperty("upper").GetDouble(), 4);
        var refusal = intervals.GetProperty(MetricNames.RefusalAccuracy);
        Assert.Equal(1, refusal.GetProperty("successes").GetInt32());
        Assert.Equal(0.2065, refusal.GetProperty("lower").GetDouble(), 4);
        Assert.False(intervals.TryGetProperty(MetricNames.Mrr, out _), "mrr is not a rate");
        Assert.False(intervals.TryGetProperty(MetricNames.CitationPrecision, out _), "citationPrecision is a share per question, not a rate");
        Assert.True(intervals.TryGetProperty(MetricNames.CitedEvidenceRecall, out _), "citedEvidenceRecall is a rate");

        var unanswerable = document.RootElement.GetProperty("categories").GetProperty("unanswerable").GetProperty("intervals");
        Assert.Equal(0, unanswerable.GetProperty(MetricNames.AnswerAccuracy).GetProperty("trials").GetInt32());
        Assert.Equal(JsonValueKind.Null, unanswerable.GetProperty(MetricNames.AnswerAccuracy).GetProperty("lower").ValueKind);
        Assert.Equal(1, unanswerable.GetProperty(MetricNames.RefusalAccuracy).GetProperty("trials").GetInt32());
    }

    [Fact]
    public async Task JsonReport_WithBaseline_WritesPairedTestPerRate_AndReadsBackPerQuestionMetrics()
    {
        var report = SampleReport();
        var path = Path.Combine(this.folder.Path, "report.json");
        await new EvaluationJsonWriter().WriteAsync(report, [], path, CancellationToken.None);
        var baseline = await EvaluationJsonWriter.ReadBaselineAsync(path);
        Assert.NotNull(baseline.QuestionMetrics);
        Assert.Equal(
            report.Questions[1].Metrics.Where(m => MetricNames.Rates.Contains(m.Key)),
            baseline.QuestionMetrics["bad"].Where(m => MetricNames.Rates.Contains(m.Key)));

        using var document = JsonDocument.Parse(EvaluationJsonWriter.ToUtf8(report, [], BaselineComparison.Compare(report, baseline)));

        var accuracy = document.RootElement.GetProperty("baseline").GetProperty("metrics").GetProperty(MetricNames.AnswerAccuracy);
        Assert.Equal(0, accuracy.GetProperty("delta").GetDouble());
        Assert.Equal(2, accuracy.GetProperty("pairs").GetInt32());
        Assert.Equal(0, accuracy.GetProperty("passToFail").GetInt32());
        Assert.Equal(0, accuracy.GetProperty("failToPass").GetInt32());
        Assert.Equal(1.0, accuracy.GetProperty("pValue").GetDouble());
        Assert.False(accuracy.GetProperty("significant").GetBoolean());
        Assert.False(document.RootElement.GetProperty("baseline").GetProperty("metrics").GetProperty(MetricNames.Mrr).TryGetProperty("pValue", out _));
    }

    [Fact]
    public async Task ReadBaselineAsync_ReportOfAnOlderVersionWithoutPerQuestionMetrics_StillLoads()
    {
        var path = this.folder.WriteText("old.json", """{"summary": {"answerAccuracy": 0.5, "mrr": null}, "questions": [{"id": "a", "passed": true}, {"id": "b", "passed": false, "metrics": {"answerAccuracy": "?"}}]}""");

        var baseline = await EvaluationJsonWriter.ReadBaselineAsync(path);
        var diff = BaselineComparison.Compare(SampleReport(), baseline);

        Assert.Equal(0.5, baseline.Summary[MetricNames.AnswerAccuracy]);
        Assert.Null(Assert.Single(diff.Metrics).Paired);
    }

    private static EvaluationReport SampleReport()
    {
        var retrieved = new[] { Chunk("doc-a", GhafariSentence), Chunk("doc-b", "Visit https://example.com <b>bold</b>", 1) };
        var good = Scored(
            Question("good", question: "Who leads <b>bold</b> ISIS-K?"),
            Result("ISIS-K is led by Sanaullah Ghafari [1].", [Cite(1, GhafariSentence, title: "A & B")], retrieved));
        var bad = Scored(
            Question("bad", history: ["Earlier?"]),
            Result("ISIS-K is led by a 35-year-old named Sanaullah Ghafari [1].", [Cite(1, GhafariSentence)], retrieved));
        var none = Scored(Question("none", answerable: false, category: "unanswerable"), Result(AnswerTexts.Refusal));
        IReadOnlyList<QuestionEvaluation> questions = [good, bad, none];
        var categories = questions
            .GroupBy(q => q.Question.Category)
            .ToDictionary(g => g.Key, g => EvaluationMetrics.Summarize(g.ToList()));
        return new EvaluationReport("eval/q.jsonl", "Test", "Hybrid", EvaluationMetrics.Summarize(questions), categories, questions, 1.5);
    }
}
