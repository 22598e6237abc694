using AskBot.Core.Answering;
using AskBot.Core.Conversation;
using AskBot.Core.Tests.TestSupport;

namespace AskBot.Core.Tests.Answering;

/// <summary>Streaming with the offline reader: nothing to stream, one final update with the same answer as <see cref="IAskService.AskAsync"/>.</summary>
public sealed class AskServiceStreamingTests : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture fixture;

    public AskServiceStreamingTests(PipelineFixture fixture)
    {
        this.fixture = fixture;
    }

    [Theory]
    [InlineData("Who leads ISIS-K?")]
    [InlineData("How many people died in the Moscow concert hall attack?")]
    public async Task AskStreamingAsync_Offline_YieldsOnlyTheFinalResultOfAskAsync(string question)
    {
        var updates = await this.fixture.Ask.AskStreamingAsync(question).ToListAsync();
        var asked = await this.fixture.Ask.AskAsync(question);

        // The offline answer is immediate: no raw text precedes it.
        var final = Assert.Single(updates).Result;
        Assert.NotNull(final);
        Assert.Equal(asked.Answer, final.Answer);
        Assert.Equal(asked.Citations, final.Citations);
        Assert.Equal(asked.Notes, final.Notes);
        Assert.Equal(asked.StandaloneQuestion, final.StandaloneQuestion);
        Assert.Equal("Extractive", final.Provider);
        Assert.DoesNotContain(final.Notes, n => n.StartsWith("Dropped", StringComparison.Ordinal) || n.StartsWith("Removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskStreamingAsync_Refusal_YieldsTheFinalResultWithTheRefusal()
    {
        var updates = await this.fixture.Ask.AskStreamingAsync("What is the capital of Australia?").ToListAsync();

        Assert.True(updates[^1].Result!.Refused);
        Assert.Equal(AnswerTexts.Refusal, updates[^1].Result!.Answer);
    }

    [Fact]
    public async Task AskStreamingAsync_FollowUp_UsesTheRewrittenQuestion()
    {
        var first = await this.fixture.Ask.AskAsync("Who leads ISIS-K?");
        var history = ConversationHistory.Empty.Append(new ConversationTurn(first.Question, first.StandaloneQuestion, first.Answer, first.Refused));

        var updates = await this.fixture.Ask.AskStreamingAsync("How old is he?", history).ToListAsync();

        Assert.Equal((await this.fixture.Ask.AskAsync("How old is he?", history)).StandaloneQuestion, updates[^1].Result!.StandaloneQuestion);
    }

    [Fact]
    public async Task AskStreamingAsync_InvalidQuestion_Throws()
    {
        await Assert.ThrowsAsync<InvalidQuestionException>(() => this.fixture.Ask.AskStreamingAsync("   ").ToListAsync().AsTask());
    }
}
