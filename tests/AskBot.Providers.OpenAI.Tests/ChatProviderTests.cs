using System.Globalization;
using System.Net;
using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>The keyed chat services: SK's real OpenAI connector over real HTTP to <see cref="FakeOpenAIServer"/>.</summary>
public sealed class ChatProviderTests : IAsyncLifetime
{
    private const string Secret = "sk-test-secret-value";

    private FakeOpenAIServer server = null!;
    private ProviderTestHost host = null!;

    public async Task InitializeAsync()
    {
        this.server = await FakeOpenAIServer.StartAsync();
        this.host = new ProviderTestHost(ProviderTestHost.ChatSettings(ChatProviders.OpenAICompatible, this.server.V1));
    }

    public async Task DisposeAsync()
    {
        this.host.Dispose();
        await this.server.DisposeAsync();
    }

    [Fact]
    public async Task Plain_completion_returns_the_answer_and_sends_model_and_key()
    {
        this.server.Enqueue(FakeResponse.Chat("Sanaullah Ghafari leads ISIS-K [1]."));

        var result = await this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("Who leads ISIS-K?"));

        Assert.Equal("Sanaullah Ghafari leads ISIS-K [1].", result.Content);
        var request = Assert.Single(this.server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + Secret, request.Authorization);
        Assert.Equal("fake-model", request.Model);
        Assert.False(request.Stream);
    }

    [Fact]
    public async Task Streamed_completion_arrives_in_several_deltas()
    {
        this.server.Enqueue(FakeResponse.ChatStream("Sanaullah ", "Ghafari ", "leads ISIS-K ", "[1]."));

        var deltas = new List<string>();
        await foreach (var update in this.host.Chat(ChatProviders.OpenAICompatible).GetStreamingChatMessageContentsAsync(new ChatHistory("Who leads ISIS-K?")))
        {
            if (!string.IsNullOrEmpty(update.Content))
            {
                deltas.Add(update.Content);
            }
        }

        Assert.True(deltas.Count >= 4, $"expected several deltas, got {deltas.Count}");
        Assert.Equal("Sanaullah Ghafari leads ISIS-K [1].", string.Concat(deltas));
        Assert.True(Assert.Single(this.server.Requests).Stream);
    }

    [Theory]
    [InlineData("Retry-After", "7", 7_000)]
    [InlineData("retry-after-ms", "1500", 1_500)]
    [InlineData("Retry-After", "3600", 30_000)]
    [InlineData("retry-after-ms", "600000", 30_000)]
    public async Task Too_many_requests_waits_what_the_server_asks_capped_at_30_s_then_retries(string header, string value, int expectedMs)
    {
        var expected = TimeSpan.FromMilliseconds(expectedMs);
        this.server.Enqueue(
            FakeResponse.Error(HttpStatusCode.TooManyRequests, headers: new Dictionary<string, string> { [header] = value }),
            FakeResponse.Chat("ok [1]."));

        var answer = this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping);

        await this.host.Clock.WaitForTimerAsync(t => t == expected);
        this.host.Clock.Advance(expected - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Single(this.server.Requests);
        Assert.False(answer.IsCompleted);
        this.host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("ok [1].", (await answer.WaitAsync(TestClock.RealTimeLimit)).Content);
        Assert.Equal(2, this.server.Requests.Count);
        Assert.Equal([expected], this.host.RetryWaits);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_waits_until_that_date()
    {
        var date = this.host.Clock.GetUtcNow().AddSeconds(10).ToString("r", CultureInfo.InvariantCulture);
        this.server.Enqueue(
            FakeResponse.Error(HttpStatusCode.ServiceUnavailable, headers: new Dictionary<string, string> { ["Retry-After"] = date }),
            FakeResponse.Chat("ok [1]."));

        var answer = this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping);

        await this.host.Clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(10));
        this.host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("ok [1].", (await answer.WaitAsync(TestClock.RealTimeLimit)).Content);
        Assert.Equal(2, this.server.Requests.Count);
    }

    [Fact]
    public async Task Service_unavailable_twice_then_success_is_answered_by_the_model_after_two_backoffs()
    {
        this.server.Enqueue(
            FakeResponse.Error(HttpStatusCode.ServiceUnavailable),
            FakeResponse.Error(HttpStatusCode.ServiceUnavailable),
            FakeResponse.Chat("ok [1]."));

        var result = await this.host.DriveAsync(this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping));

        Assert.Equal("ok [1].", result.Content);
        Assert.Equal(3, this.server.Requests.Count);
        Assert.Equal(2, this.host.RetryWaits.Count);
    }

    [Fact]
    public async Task Persistent_throttling_fails_with_a_ChatProviderException_after_MaxRetries_plus_one_attempts()
    {
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.TooManyRequests, Secret);

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.DriveAsync(this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping)));

        Assert.Equal(3, this.server.Requests.Count);
        Assert.Contains("answered HTTP 429 after 3 attempts", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A_stalled_attempt_times_out_and_the_next_attempt_answers()
    {
        this.server.Enqueue(FakeResponse.Chat("too late") with { Delay = TimeSpan.FromMinutes(10) }, FakeResponse.Chat("ok [1]."));

        var answer = this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping);

        await TestClock.UntilAsync(() => this.server.Requests.Count == 1);
        this.host.Clock.Advance(TimeSpan.FromSeconds(ProviderTestHost.AttemptTimeoutSeconds));
        var result = await this.host.DriveAsync(answer);
        Assert.Equal("ok [1].", result.Content);
        Assert.Equal(2, this.server.Requests.Count);
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_fails_after_MaxRetries_plus_one_attempts()
    {
        this.server.Fallback = FakeResponse.Chat("too late") with { Delay = TimeSpan.FromMinutes(10) };

        var answer = this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await TestClock.UntilAsync(() => this.server.Requests.Count == attempt);
            this.host.Clock.Advance(TimeSpan.FromSeconds(ProviderTestHost.AttemptTimeoutSeconds));
            await TestClock.UntilAsync(() => answer.IsCompleted || this.host.RetryWaits.Count == attempt);
            if (attempt < 3)
            {
                this.host.Clock.Advance(this.host.RetryWaits[^1]);
            }
        }

        var error = await Assert.ThrowsAsync<ChatProviderException>(() => answer.WaitAsync(TestClock.RealTimeLimit));
        Assert.IsNotType<ChatProviderAuthenticationException>(error);
        Assert.Contains("gave no response within 45 s (3 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, this.server.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Rejected_key_fails_at_once_naming_the_setting_and_never_showing_the_key(HttpStatusCode status)
    {
        // Like OpenAI, the fake echoes the key in its error body.
        this.server.Fallback = FakeResponse.Error(status, $"Incorrect API key provided: {Secret}.");

        var error = await Assert.ThrowsAsync<ChatProviderAuthenticationException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping));

        Assert.Equal("AskBot:Chat:ApiKey", error.SettingPath);
        Assert.Equal($"the chat provider rejected the API key (HTTP {(int)status}); set AskBot__Chat__ApiKey", error.Message);
        Assert.Single(this.server.Requests);
        Assert.Empty(this.host.RetryWaits);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task Rejected_key_while_streaming_is_translated_too()
    {
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.Unauthorized, $"Incorrect API key provided: {Secret}.");

        var error = await Assert.ThrowsAsync<ChatProviderAuthenticationException>(async () =>
        {
            await foreach (var update in this.host.Chat(ChatProviders.OpenAICompatible).GetStreamingChatMessageContentsAsync(new ChatHistory("q")))
            {
                Assert.Fail("no update expected: " + update.Content);
            }
        });

        Assert.Equal("AskBot:Chat:ApiKey", error.SettingPath);
        Assert.Single(this.server.Requests);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task Garbage_json_fails_at_once_with_a_ChatProviderException()
    {
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, "{ this is not json " + Secret);

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping));

        Assert.Contains("sent a malformed response", error.Message, StringComparison.Ordinal);
        Assert.Single(this.server.Requests);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task Garbage_in_a_stream_fails_with_a_ChatProviderException()
    {
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, string.Empty, "text/event-stream", SseEvents: ["{ not json"]);

        var error = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (var update in this.host.Chat(ChatProviders.OpenAICompatible).GetStreamingChatMessageContentsAsync(new ChatHistory("q")))
            {
                Assert.Fail("no update expected: " + update.Content);
            }
        });

        Assert.IsNotType<ChatProviderAuthenticationException>(error);
    }

    [Fact]
    public async Task A_response_without_choices_fails_at_once_with_a_ChatProviderException()
    {
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, """{"id":"x","object":"chat.completion","created":1,"model":"fake-model","choices":[]}""");

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping));

        Assert.IsNotType<ChatProviderAuthenticationException>(error);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task A_content_filter_stop_fails_with_a_ChatProviderException_without_retrying()
    {
        this.server.Fallback = FakeResponse.Chat(string.Empty, finishReason: "content_filter");

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: this.host.Stopping));

        Assert.Contains("content filter", error.Message, StringComparison.Ordinal);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_unreachable()
    {
        var closed = await FakeOpenAIServer.StartAsync();
        var endpoint = closed.V1;
        await closed.DisposeAsync();
        using var host = new ProviderTestHost(ProviderTestHost.ChatSettings(ChatProviders.OpenAICompatible, endpoint));

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => host.DriveAsync(host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"), cancellationToken: host.Stopping)));

        Assert.Contains("could not be reached (3 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, host.RetryWaits.Count);
    }

    [Fact]
    public async Task Failures_reach_a_kernel_prompt_caller_as_ChatProviderException()
    {
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.BadGateway);
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(this.host.Chat(ChatProviders.OpenAICompatible));
        var kernel = builder.Build();

        await Assert.ThrowsAsync<ChatProviderException>(() => this.host.DriveAsync(kernel.InvokePromptAsync("Say hi")));

        this.server.Enqueue(FakeResponse.Chat("hi [1]."));
        Assert.Equal("hi [1].", (await kernel.InvokePromptAsync("Say hi")).GetValue<string>());
    }

    [Fact]
    public async Task Ollama_needs_no_key_and_sends_a_placeholder()
    {
        using var host = new ProviderTestHost(ProviderTestHost.ChatSettings(ChatProviders.Ollama, this.server.V1, apiKey: null));
        this.server.Enqueue(FakeResponse.Chat("ok [1]."));

        await host.Chat(ChatProviders.Ollama).GetChatMessageContentAsync(new ChatHistory("q"));

        Assert.Equal("Bearer " + ProviderConnection.PlaceholderApiKey, Assert.Single(this.server.Requests).Authorization);
    }

    [Fact]
    public void Endpoints_default_per_provider()
    {
        Assert.Equal(new Uri("http://localhost:11434/v1"), ProviderEndpoints.Resolve(ChatProviders.Ollama, null));
        Assert.Null(ProviderEndpoints.Resolve(ChatProviders.OpenAI, null));
        Assert.Equal(this.server.V1, ProviderEndpoints.Resolve(ChatProviders.OpenAICompatible, this.server.V1));
    }

    private static void AssertNoSecret(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            Assert.DoesNotContain(Secret, current.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}
