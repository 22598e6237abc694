using System.Collections.Immutable;
using AskBot.Core.Answering;
using AskBot.Core.Conversation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Tests.Answering;

/// <summary>The ask service above an LLM provider (a scripted fake): guard, fallback, streaming, follow-up rewrite.</summary>
public sealed class AskServiceProviderTests : IClassFixture<FakeProviderHost>
{
    private const string Question = "Who leads ISIS-K?";
    private const string FallbackNotePrefix = "The language model was unavailable (";
    private const string FallbackNoteSuffix = "); this is the offline extractive answer.";

    private readonly FakeProviderHost host;

    public AskServiceProviderTests(FakeProviderHost host)
    {
        this.host = host;
    }

    private static string GoodAnswer(string user) => FakeChatService.SentenceOfSourceOne(user, "Ghafari") + " [1]";

    private async Task<T> WithServiceAsync<T>(FakeChatService chat, Func<IAskService, Task<T>> run)
    {
        await using var services = this.host.Build(chat);
        return await run(services.GetRequiredService<IAskService>());
    }

    [Fact]
    public async Task AskAsync_ProviderFails_AnswersWithTheExtractiveServiceAndANote()
    {
        var chat = new FakeChatService { Reply = (_, _) => throw new ChatProviderException("HTTP 503 from the chat provider after 2 retries") };

        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync(Question));

        Assert.Equal("Extractive", result.Provider);
        Assert.False(result.Refused);
        Assert.Contains("Ghafari", result.Answer, StringComparison.Ordinal);
        Assert.Equal($"{FallbackNotePrefix}HTTP 503 from the chat provider after 2 retries{FallbackNoteSuffix}", result.Notes[0]);
    }

    [Fact]
    public async Task AskAsync_ProviderFailureWrappedBySemanticKernel_AlsoFallsBack()
    {
        var chat = new FakeChatService { Reply = (_, _) => throw new KernelException("function failed", new ChatProviderException("malformed JSON")) };

        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync(Question));

        Assert.Equal("Extractive", result.Provider);
        Assert.Contains($"{FallbackNotePrefix}malformed JSON{FallbackNoteSuffix}", result.Notes);
    }

    [Fact]
    public async Task AskAsync_ProviderTimeout_FallsBack()
    {
        var chat = new FakeChatService { Reply = (_, _) => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.") };

        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync(Question));

        Assert.Equal("Extractive", result.Provider);
        Assert.Contains($"{FallbackNotePrefix}timed out{FallbackNoteSuffix}", result.Notes);
    }

    [Fact]
    public async Task AskAsync_CallerCancels_IsNotHiddenByTheFallback()
    {
        using var cts = new CancellationTokenSource();
        var chat = new FakeChatService
        {
            Reply = (_, _) =>
            {
                cts.Cancel();
                throw new OperationCanceledException(cts.Token);
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => this.WithServiceAsync(chat, ask => ask.AskAsync(Question, cancellationToken: cts.Token)));
    }

    [Fact]
    public async Task AskAsync_AuthenticationFailure_Propagates()
    {
        var chat = new FakeChatService { Reply = (_, _) => throw new ChatProviderAuthenticationException("AskBot:Chat:ApiKey", "the chat provider rejected the API key (401)", null) };

        var ex = await Assert.ThrowsAsync<ChatProviderAuthenticationException>(() => this.WithServiceAsync(chat, ask => ask.AskAsync(Question)));

        Assert.Equal("AskBot:Chat:ApiKey", ex.SettingPath);
    }

    [Fact]
    public async Task AskAsync_WrappedAuthenticationFailure_PropagatesUnwrapped()
    {
        var chat = new FakeChatService { Reply = (_, _) => throw new KernelException("failed", new ChatProviderAuthenticationException("AskBot:Chat:ApiKey", "rejected (403)", null)) };

        await Assert.ThrowsAsync<ChatProviderAuthenticationException>(() => this.WithServiceAsync(chat, ask => ask.AskAsync(Question)));
    }

    [Fact]
    public async Task AskAsync_LlmAnswer_GuardRemovesMissingSourceAndInventedSentence()
    {
        var chat = new FakeChatService
        {
            Reply = (_, user) => GoodAnswer(user) + " ISIS-K moved its headquarters to the Moon in 2023. [9] It was founded by Elvis Presley.",
        };

        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync(Question));

        Assert.Equal("OpenAI", result.Provider);
        Assert.False(result.Refused);
        Assert.EndsWith("Sanaullah Ghafari. [1]", result.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Moon", result.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Elvis", result.Answer, StringComparison.Ordinal);
        var citation = Assert.Single(result.Citations);
        Assert.Contains("Sanaullah Ghafari", citation.Quote, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.StartsWith("Removed a citation of source 9, which does not exist", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("Dropped an unsupported sentence: \"ISIS-K moved its headquarters to the Moon", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("Dropped an unsupported sentence: \"It was founded by Elvis Presley", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskAsync_LlmAnswerWithNothingSupported_IsTheRefusal()
    {
        var chat = new FakeChatService { Reply = (_, _) => "ISIS-K is led by Elvis Presley. [1]" };

        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync(Question));

        Assert.True(result.Refused);
        Assert.Equal(AnswerTexts.Refusal, result.Answer);
        Assert.Empty(result.Citations);
        Assert.Equal("OpenAI", result.Provider);
    }

    [Fact]
    public async Task AskStreamingAsync_StreamsTheRawDeltasThenTheGuardedResult()
    {
        var chat = new FakeChatService { Reply = (_, user) => GoodAnswer(user) + " It was founded by Elvis Presley." };

        var (updates, asked) = await this.WithServiceAsync(chat, async ask =>
        {
            var updates = await ask.AskStreamingAsync(Question).ToListAsync();
            return (updates, await ask.AskAsync(Question));
        });

        var deltas = updates.Where(u => u.TextDelta is not null).ToList();
        Assert.True(deltas.Count > 1);
        Assert.All(deltas, d => Assert.Null(d.Result));
        var rawAnswer = chat.Reply(FakePrompt.Answer, chat.Calls.Last(c => c.Prompt == FakePrompt.Answer).User);
        Assert.Equal(rawAnswer, string.Concat(deltas.Select(d => d.TextDelta)));
        var final = Assert.Single(updates, u => u.Result is not null);
        Assert.Same(final, updates[^1]);
        Assert.Null(final.TextDelta);
        Assert.Equal(asked.Answer, final.Result!.Answer);
        Assert.Equal(asked.Notes, final.Result.Notes);
        Assert.Equal(asked.Citations, final.Result.Citations);
        Assert.DoesNotContain("Elvis", final.Result.Answer, StringComparison.Ordinal);
        Assert.Equal("OpenAI", final.Result.Provider);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AskStreamingAsync_ProviderFailsDuringTheStream_FinishesWithTheExtractiveAnswer(int failAfterChunks)
    {
        var chat = new FakeChatService { Reply = (_, user) => GoodAnswer(user), FailStreamAfterChunks = failAfterChunks };

        var updates = await this.WithServiceAsync(chat, ask => ask.AskStreamingAsync(Question).ToListAsync().AsTask());

        Assert.Equal(failAfterChunks, updates.Count(u => u.TextDelta is not null));
        var final = updates[^1].Result!;
        Assert.Equal("Extractive", final.Provider);
        Assert.Contains($"{FallbackNotePrefix}connection refused{FallbackNoteSuffix}", final.Notes);
        Assert.Contains("Ghafari", final.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskStreamingAsync_AuthenticationFailure_Propagates()
    {
        var chat = new FakeChatService
        {
            Reply = (_, user) => GoodAnswer(user),
            FailStreamAfterChunks = 0,
            StreamFailure = () => new ChatProviderAuthenticationException("AskBot:Chat:ApiKey", "rejected (401)", null),
        };

        await Assert.ThrowsAsync<ChatProviderAuthenticationException>(() => this.WithServiceAsync(chat, ask => ask.AskStreamingAsync(Question).ToListAsync().AsTask()));
    }

    [Fact]
    public async Task AskAsync_FollowUp_IsRewrittenByTheRewritePromptWithTheRenderedHistory()
    {
        var chat = new FakeChatService
        {
            Reply = (prompt, user) => prompt == FakePrompt.Rewrite ? "Standalone question: How old is Sanaullah Ghafari?" : GoodAnswer(user),
        };
        var history = ConversationHistory.Empty.Append(new ConversationTurn("Who leads ISIS-K?", "Who leads ISIS-K?", "Sanaullah Ghafari [1].", false));

        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync("How old is he?", history));

        Assert.Equal("How old is Sanaullah Ghafari?", result.StandaloneQuestion);
        var rewrite = Assert.Single(chat.Calls, c => c.Prompt == FakePrompt.Rewrite);
        Assert.Contains("User: Who leads ISIS-K?\nAskBot: Sanaullah Ghafari.", rewrite.User, StringComparison.Ordinal);
        Assert.Contains("Last question: How old is he?", rewrite.User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_RewriteFails_FallsBackToTheOfflineRewriter()
    {
        var chat = new FakeChatService
        {
            Reply = (prompt, user) => prompt == FakePrompt.Rewrite ? throw new ChatProviderException("HTTP 429") : GoodAnswer(user),
        };
        var history = ConversationHistory.Empty.Append(new ConversationTurn("Who leads ISIS-K?", "Who leads ISIS-K?", "Sanaullah Ghafari [1].", false));
        var result = await this.WithServiceAsync(chat, ask => ask.AskAsync("How old is he?", history));

        Assert.Equal("How old is Sanaullah Ghafari?", result.StandaloneQuestion);
        Assert.Equal("OpenAI", result.Provider);
    }

    [Fact]
    public void RenderHistory_KeepsTheLastSixTurnsWithoutMarkers()
    {
        var turns = Enumerable.Range(1, 8).Select(i => new ConversationTurn($"Question {i}?", $"Question {i}?", $"Answer {i} [1].\nMore [2].", false));
        var history = new ConversationHistory(turns.ToImmutableList());

        var rendered = CompositeQuestionRewriter.RenderHistory(history);

        var lines = rendered.Split('\n');
        Assert.Equal(12, lines.Length);
        Assert.Equal("User: Question 3?", lines[0]);
        Assert.Equal("AskBot: Answer 3. More.", lines[1]);
    }
}
