using System.Text.Json;
using System.Text.RegularExpressions;
using AskBot.Cli.Tests.Infrastructure;
using AskBot.Core.Evaluation;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot eval</c> on a small question set against the real pipeline: tables, reports, thresholds, baseline.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed partial class EvalCommandTests(IndexedCorpusFixture fixture)
{
    private static readonly string[] QuestionFields = ["id", "answer", "citations", "retrieved", "passed"];

    private TestWorkspace Workspace => fixture.Workspace;

    [Fact]
    public async Task Missed_threshold_exits_1_and_writes_json_and_html_reports()
    {
        var set = QuestionSets.Write(this.Workspace, "missed.jsonl", QuestionSets.Small);

        var result = await this.Workspace.RunAsync(
            "eval", "--set", set, "--json", "reports/missed.json", "--html", "reports/missed.html", "--threshold", "answerAccuracy=1.01");

        result.AssertExitCode(1).AssertNoStackTrace();
        Assert.Equal(string.Empty, result.StdErr);
        Assert.Contains("Overall (5 questions)", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^  answerAccuracy\s+\d\.\d{3}\s+\[\d\.\d{3}, \d\.\d{3}\]\s+\d/3\s+>= 1\.01\s+✗$", RegexOptions.Multiline), result.StdOut);
        Assert.Matches(new Regex(@"^Thresholds: \d+ of \d+ missed ✗: .*answerAccuracy \d\.\d{3} < 1\.01", RegexOptions.Multiline), result.StdOut);
        foreach (var category in new[] { "fact", "number-date", "unanswerable", "follow-up" })
        {
            Assert.Matches(new Regex($@"^  {Regex.Escape(category)}\s+\d+\s", RegexOptions.Multiline), result.StdOut);
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(this.Workspace.Root, "reports", "missed.json")));
        var summary = json.RootElement.GetProperty("summary");
        foreach (var metric in MetricNames.All)
        {
            Assert.True(summary.TryGetProperty(metric, out _), $"summary lacks '{metric}'");
        }

        var questions = json.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(QuestionSets.SmallIds, questions.Select(q => q.GetProperty("id").GetString()));
        foreach (var question in questions)
        {
            foreach (var field in QuestionFields)
            {
                Assert.True(question.TryGetProperty(field, out _), $"question lacks '{field}'");
            }
        }

        var html = await File.ReadAllTextAsync(Path.Combine(this.Workspace.Root, "reports", "missed.html"));
        foreach (var id in QuestionSets.SmallIds)
        {
            Assert.Contains(id, html, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(ExternalResource(), html);
    }

    [Fact]
    public async Task Lenient_thresholds_exit_0_with_every_metric_met()
    {
        var set = QuestionSets.Write(this.Workspace, "lenient.jsonl", QuestionSets.Small);

        var result = await this.Workspace.RunAsync(["eval", "--set", set, .. QuestionSets.LenientThresholds()]);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains($"Thresholds: all {MetricNames.All.Count} met", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', result.StdOut + result.StdErr);
        Assert.Equal(string.Empty, result.StdErr);
    }

    [Fact]
    public async Task Peer_runs_the_same_questions_and_its_gain_is_reported_and_checked()
    {
        var set = QuestionSets.Write(this.Workspace, "peer.jsonl", QuestionSets.Small);

        var result = await this.Workspace.RunAsync(["eval", "--set", set, "--peer", "top-sentence", "--json", "peer.json", .. QuestionSets.LenientThresholds(), "--threshold", "answerAccuracyGain=0"]);

        result.AssertNoStackTrace();
        Assert.Contains(MetricNames.PeerAnswerAccuracy, result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"answerAccuracyGain\s+-?\d\.\d{3}\s+3\s", result.StdOut);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(this.Workspace.Root, "peer.json")));
        var summary = report.RootElement.GetProperty("summary");
        var gain = summary.GetProperty(MetricNames.AnswerAccuracyGain).GetDouble();
        Assert.Equal(summary.GetProperty(MetricNames.AnswerAccuracy).GetDouble() - summary.GetProperty(MetricNames.PeerAnswerAccuracy).GetDouble(), gain, 9);
        Assert.Equal(gain >= 0 ? 0 : 1, result.ExitCode);
    }

    [Fact]
    public async Task Top_sentence_answerer_answers_every_question_and_names_itself()
    {
        var set = QuestionSets.Write(this.Workspace, "top.jsonl", QuestionSets.Small);

        var result = await this.Workspace.RunAsync(["eval", "--set", set, "--answerer", "top-sentence", .. QuestionSets.LenientThresholds()]);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("provider TopSentence", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"refusalAccuracy\s+0\.000\s+\[0\.000, 0\.658\]\s+0/2\s", result.StdOut);
    }

    [Fact]
    public async Task Baseline_of_a_previous_run_shows_metric_deltas_and_flips()
    {
        var set = QuestionSets.Write(this.Workspace, "baseline.jsonl", QuestionSets.Small);
        var lenient = QuestionSets.LenientThresholds();
        (await this.Workspace.RunAsync(["eval", "--set", set, "--json", "baseline-old.json", .. lenient])).AssertExitCode(0);

        var result = await this.Workspace.RunAsync(["eval", "--set", set, "--baseline", "baseline-old.json", "--retriever", "lexical", .. lenient]);

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("retriever Lexical", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Compared with baseline baseline-old.json", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^  answerAccuracy\s+\d\.\d{3}\s+\d\.\d{3}\s+([+-]\d\.\d{3}|0\.000)\s+(better\s+|worse\s+)?\d+\s+\d+\s+[\d.]+\s+(significant|n\.s\.)$", RegexOptions.Multiline), result.StdOut);
        Assert.Matches(new Regex(@"^  latencyP50Ms\s+[\d.]+\s+[\d.]+\s+[+-]?\d+\.\d", RegexOptions.Multiline), result.StdOut);
        Assert.Matches(new Regex(@"^Now failing \(passed in baseline\): \d+", RegexOptions.Multiline), result.StdOut);
        Assert.Matches(new Regex(@"^Now passing \(failed in baseline\): \d+", RegexOptions.Multiline), result.StdOut);
    }

    [Fact]
    public async Task Unwritable_report_path_exits_2_naming_it()
    {
        var set = QuestionSets.Write(this.Workspace, "unwritable.jsonl", QuestionSets.Small);
        await File.WriteAllTextAsync(Path.Combine(this.Workspace.Root, "not-a-folder"), "a file");

        var result = await this.Workspace.RunAsync(["eval", "--set", set, "--json", "not-a-folder/eval.json", .. QuestionSets.LenientThresholds()]);

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cannot write report ", line, StringComparison.Ordinal);
        Assert.Contains("not-a-folder", line, StringComparison.Ordinal);
    }

    /// <summary>A resource the browser would fetch: src/href/url()/@import pointing at http(s) or a protocol-relative URL.</summary>
    [GeneratedRegex(@"(?:\b(?:src|href|action|poster)\s*=\s*[""']?\s*(?:https?:)?//)|(?:url\(\s*[""']?\s*(?:https?:)?//)|(?:@import)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();
}
