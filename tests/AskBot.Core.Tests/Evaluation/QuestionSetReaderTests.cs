using AskBot.Core.Evaluation;
using AskBot.Core.Tests.TestSupport;

namespace AskBot.Core.Tests.Evaluation;

public sealed class QuestionSetReaderTests : IDisposable
{
    private readonly IngestionTempFolder folder = new();
    private readonly QuestionSetReader reader = new();

    public void Dispose() => this.folder.Dispose();

    [Fact]
    public async Task ReadAsync_ValidFile_ReturnsEveryQuestionWithDefaultsAndLineNumbers()
    {
        var path = this.folder.WriteText("q.jsonl", """
            {"id": "a", "question": "Who leads ISIS-K?", "answerable": true, "answers": ["Ghafari"], "sources": ["000"], "evidence": ["led by"], "category": "fact"}

            {"id": "b", "question": "How old is he?", "history": ["Who leads ISIS-K?"], "answerable": true, "answers": ["29"], "category": "follow-up"}
            {"id": "c", "question": "What is the capital of Australia?", "answerable": false, "category": "unanswerable"}
            """);

        var questions = await this.reader.ReadAsync(path);

        Assert.Equal(["a", "b", "c"], questions.Select(q => q.Id));
        Assert.Equal([1, 3, 4], questions.Select(q => q.LineNumber));
        Assert.Equal(["Who leads ISIS-K?"], questions[1].History);
        Assert.Empty(questions[1].Sources);
        Assert.Empty(questions[2].Answers);
        Assert.False(questions[2].Answerable);
        Assert.Equal("unanswerable", questions[2].Category);
    }

    [Fact]
    public async Task ReadAsync_UnknownFields_AreIgnored()
    {
        var path = this.folder.WriteText("q.jsonl", """{"id": "a", "question": "Q?", "answerable": false, "category": "x", "difficulty": 3, "notes": {"k": [1]}}""");

        var questions = await this.reader.ReadAsync(path);

        Assert.Equal("a", Assert.Single(questions).Id);
    }

    [Fact]
    public async Task ReadAsync_ThreeDifferentMalformedLines_ThrowsOnceListingAllThreeLineNumbers()
    {
        var path = this.folder.WriteText("q.jsonl", """
            {"id": "a", "question": "Fine?", "answerable": false, "category": "x"}
            {"id": "b", "question": "Broken?", "answerable": false,
            {"id": "c", "answerable": false, "category": "x"}
            {"id": "d", "question": "No answers?", "answerable": true, "answers": [], "category": "x"}
            {"id": "e", "question": "Also fine?", "answerable": "yes", "category": "x"}
            """);

        var ex = await Assert.ThrowsAsync<QuestionSetException>(() => this.reader.ReadAsync(path));

        Assert.Equal(4, ex.Errors.Count);
        Assert.StartsWith("line 2: invalid JSON", ex.Errors[0], StringComparison.Ordinal);
        Assert.Equal("line 3: missing field 'question'", ex.Errors[1]);
        Assert.Equal("line 4: answerable is true but 'answers' is empty", ex.Errors[2]);
        Assert.StartsWith("line 5: field 'answerable' must be true or false", ex.Errors[3], StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WrongTypedArrayItem_IsReported()
    {
        var path = this.folder.WriteText("q.jsonl", """{"id": "a", "question": "Q?", "answerable": true, "answers": ["x", 3], "category": "x"}""");

        var ex = await Assert.ThrowsAsync<QuestionSetException>(() => this.reader.ReadAsync(path));

        Assert.Equal("line 1: field 'answers[1]' must be a string, found Number", Assert.Single(ex.Errors));
    }

    [Fact]
    public async Task ReadAsync_DuplicateId_IsReportedWithBothLines()
    {
        var path = this.folder.WriteText("q.jsonl", """
            {"id": "a", "question": "One?", "answerable": false, "category": "x"}
            {"id": "b", "question": "Two?", "answerable": false, "category": "x"}
            {"id": "a", "question": "Three?", "answerable": false, "category": "x"}
            """);

        var ex = await Assert.ThrowsAsync<QuestionSetException>(() => this.reader.ReadAsync(path));

        Assert.Equal("line 3: duplicate id 'a' (first on line 1)", Assert.Single(ex.Errors));
    }

    [Fact]
    public async Task ReadAsync_MissingFile_ThrowsOneLineNamingThePath()
    {
        var path = Path.Combine(this.folder.Path, "nope.jsonl");

        var ex = await Assert.ThrowsAsync<QuestionSetException>(() => this.reader.ReadAsync(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
