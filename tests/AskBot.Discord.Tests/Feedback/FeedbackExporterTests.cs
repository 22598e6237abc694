using System.Text.Json;
using AskBot.Core.Conversation;
using AskBot.Core.Evaluation;
using AskBot.Core.Storage;
using AskBot.Discord.Feedback;
using AskBot.Discord.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Tests.Feedback;

[Collection(SeedsCollection.Name)]
public sealed class FeedbackExporterTests(SeedsFixture seeds) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "askbot-export-" + Guid.NewGuid().ToString("N"));

    private string OutputPath => Path.Combine(this.folder, "out", "feedback.jsonl");

    [Fact]
    public async Task ExportAsync_HelpfulAnswers_RoundTripThroughTheQuestionSetReaderAndPassToday()
    {
        // Arrange: real answers, one a follow-up, one a refusal.
        var store = this.NewStore();
        var first = await seeds.Ask.AskAsync("Who leads ISIS-K?");
        var history = ConversationHistory.Empty.Append(new ConversationTurn(first.Question, first.StandaloneQuestion, first.Answer, first.Refused));
        var followUp = await seeds.Ask.AskAsync("How old is he?", history);
        var refusal = await seeds.Ask.AskAsync("What is the capital of Australia?");
        Assert.True(refusal.Refused);
        await this.SaveAsync(store, "a1", first, helpful: 2, unhelpful: 1);
        await this.SaveAsync(store, "a2", followUp, helpful: 1, unhelpful: 0);
        await this.SaveAsync(store, "a3", refusal, helpful: 1, unhelpful: 0);
        await this.SaveAsync(store, "a4", first, helpful: 0, unhelpful: 0);
        var exporter = new FeedbackExporter(store);

        // Act
        var summary = await exporter.ExportAsync(new FeedbackExportOptions(this.OutputPath), CancellationToken.None);
        var questions = await new QuestionSetReader().ReadAsync(this.OutputPath);

        // Assert
        Assert.Equal((3, 0, 1), (summary.Exported, summary.Skipped, summary.Unvoted));
        Assert.Equal(Path.GetFullPath(this.OutputPath), summary.OutputPath);
        Assert.Equal(["fb-a1", "fb-a2", "fb-a3"], questions.Select(q => q.Id));
        Assert.All(questions, q => Assert.Equal(FeedbackExporter.HelpfulCategory, q.Category));

        var leader = questions[0];
        Assert.True(leader.Answerable);
        Assert.Contains("Sanaullah Ghafari", leader.Answers);
        Assert.Equal(first.Citations.Select(c => c.DocId).Distinct(), leader.Sources);
        Assert.Equal(first.Citations.Select(c => c.Quote.Trim()).Distinct(), leader.Evidence);

        var age = questions[1];
        Assert.Equal(followUp.StandaloneQuestion, age.Question);
        Assert.Contains("29", age.Answers);

        Assert.False(questions[2].Answerable);
        Assert.Empty(questions[2].Answers);

        // Each exported case passes on the answer users found helpful.
        var metrics = new EvaluationMetrics();
        Assert.Equal(1, metrics.Compute(leader, first).Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(1, metrics.Compute(age, followUp).Metrics[MetricNames.AnswerAccuracy]);
        Assert.Equal(1, metrics.Compute(questions[2], refusal).Metrics[MetricNames.RefusalAccuracy]);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(this.OutputPath)!));
    }

    [Fact]
    public async Task ExportAsync_UnhelpfulAnswers_AreLeftOutUnlessAskedForAndThenMarkedForReview()
    {
        // Arrange
        var store = this.NewStore();
        var answer = await seeds.Ask.AskAsync("Who leads ISIS-K?");
        var refusal = await seeds.Ask.AskAsync("What is the capital of Australia?");
        await this.SaveAsync(store, "bad", answer, helpful: 0, unhelpful: 2);
        await this.SaveAsync(store, "badrefusal", refusal, helpful: 0, unhelpful: 1);
        await this.SaveAsync(store, "tie", answer, helpful: 1, unhelpful: 1);
        var exporter = new FeedbackExporter(store);

        // Act
        var plain = await exporter.ExportAsync(new FeedbackExportOptions(this.OutputPath), CancellationToken.None);
        var plainQuestions = await new QuestionSetReader().ReadAsync(this.OutputPath);
        var withUnhelpful = await exporter.ExportAsync(new FeedbackExportOptions(this.OutputPath, IncludeUnhelpful: true), CancellationToken.None);
        var reviewQuestions = await new QuestionSetReader().ReadAsync(this.OutputPath);

        // Assert
        Assert.Equal((0, 3), (plain.Exported, plain.Skipped));
        Assert.Empty(plainQuestions);
        Assert.Equal((1, 2), (withUnhelpful.Exported, withUnhelpful.Skipped));
        var review = Assert.Single(reviewQuestions);
        Assert.Equal(("fb-bad", FeedbackExporter.UnhelpfulCategory, false), (review.Id, review.Category, review.Answerable));

        var line = JsonDocument.Parse((await File.ReadAllLinesAsync(this.OutputPath)).Single()).RootElement;
        Assert.Equal(answer.Answer, line.GetProperty("botAnswer").GetString());
        Assert.Equal(2, line.GetProperty("unhelpfulVotes").GetInt32());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(this.folder))
        {
            Directory.Delete(this.folder, recursive: true);
        }
    }

    private SqliteFeedbackStore NewStore()
        => new(Options.Create(new DiscordOptions { FeedbackDb = Path.Combine(this.folder, "feedback.db") }), NullLogger<SqliteFeedbackStore>.Instance);

    private async Task SaveAsync(IFeedbackStore store, string id, AskBot.Core.Answering.AskResult result, int helpful, int unhelpful)
    {
        var record = new AnswerRecord(
            id,
            result.Question,
            result.StandaloneQuestion,
            result.Answer,
            result.Refused,
            result.Citations.Select(c => new StoredCitation(c.N, c.DocId, c.Title, c.Quote, c.Start, c.End)).ToList(),
            "g1",
            "c1",
            "u1",
            new DateTimeOffset(2024, 3, 25, 10, 0, 0, TimeSpan.Zero).AddMinutes(id.Length + id[^1]));
        await store.SaveAnswerAsync(record, CancellationToken.None);
        for (var i = 0; i < helpful + unhelpful; i++)
        {
            Assert.True(await store.RecordVoteAsync(new FeedbackVote(id, $"voter{i}", i < helpful, DateTimeOffset.UtcNow), CancellationToken.None));
        }
    }
}
