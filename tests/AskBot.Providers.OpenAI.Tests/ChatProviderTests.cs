using System.Globalization;
using System.Net;
using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Providers.OpenAI.Chat;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_servers_Retry_After_seconds()
    {
        this.server.Enqueue(
            FakeResponse.Error(HttpStatusCode.TooManyRequests, headers: new Dictionary<string, string> { ["Retry-After"] = "1" }),
            FakeResponse.Chat("ok [1]."));

        var result = await this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"));

        Assert.Equal("ok [1].", result.Content);
        Assert.Equal(2, this.server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(this.host.Delays));
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured_and_long_waits_are_capped()
    {
        var date = DateTimeOffset.UtcNow.AddSeconds(10).ToString("r", CultureInfo.InvariantCulture);
        this.server.Enqueue(
            FakeResponse.Error(HttpStatusCode.ServiceUnavailable, headers: new Dictionary<string, string> { ["Retry-After"] = date }),
            FakeResponse.Error(HttpStatusCode.TooManyRequests, headers: new Dictionary<string, string> { ["Retry-After"] = "3600" }),
            FakeResponse.Chat("ok [1]."));

        await this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"));

        Assert.Equal(3, this.server.Requests.Count);
        var delays = this.host.Delays;
        Assert.InRange(delays[0], TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10));
        Assert.Equal(RetryAfter.Cap, delays[1]);
    }

    [Fact]
    public async Task Server_error_then_success_is_retried_once_with_a_backoff()
    {
        this.server.Enqueue(FakeResponse.Error(HttpStatusCode.InternalServerError), FakeResponse.Chat("ok [1]."));

        var result = await this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q"));

        Assert.Equal("ok [1].", result.Content);
        Assert.Equal(2, this.server.Requests.Count);
        Assert.InRange(Assert.Single(this.host.Delays), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25));
    }

    [Fact]
    public async Task Persistent_throttling_fails_with_a_ChatProviderException_after_MaxRetries_plus_one_attempts()
    {
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.TooManyRequests, Secret);

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q")));

        Assert.Equal(3, this.server.Requests.Count);
        Assert.Contains("answered HTTP 429 after 3 attempts", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_fails_after_MaxRetries_plus_one_attempts()
    {
        this.server.Fallback = FakeResponse.Chat("too late") with { Delay = TimeSpan.FromSeconds(10) };
        var delays = new List<TimeSpan>();
        var connection = new ProviderConnection(
            "OpenAICompatible", this.server.V1, "fake-model", Secret, TimeSpan.FromMilliseconds(600), MaxRetries: 2, ChatOptions.SectionName);
        var chat = ChatServiceFactory.Create(
            connection,
            new ProviderRetryDelay((delay, _) =>
            {
                delays.Add(delay);
                return Task.CompletedTask;
            }),
            TimeProvider.System,
            NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<ChatProviderException>(() => chat.GetChatMessageContentAsync(new ChatHistory("q")));

        Assert.IsNotType<ChatProviderAuthenticationException>(error);
        Assert.Contains("gave no response within 0.6 s (3 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, this.server.Requests.Count);
        Assert.Equal(2, delays.Count);
        ((IDisposable)chat).Dispose();
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Rejected_key_fails_at_once_naming_the_setting_and_never_showing_the_key(HttpStatusCode status)
    {
        // Like OpenAI, the fake echoes the key in its error body.
        this.server.Fallback = FakeResponse.Error(status, $"Incorrect API key provided: {Secret}.");

        var error = await Assert.ThrowsAsync<ChatProviderAuthenticationException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q")));

        Assert.Equal("AskBot:Chat:ApiKey", error.SettingPath);
        Assert.Equal($"the chat provider rejected the API key (HTTP {(int)status}); set AskBot__Chat__ApiKey", error.Message);
        Assert.Single(this.server.Requests);
        Assert.Empty(this.host.Delays);
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
    public async Task Garbage_json_fails_with_a_ChatProviderException_after_retries()
    {
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, "{ this is not json " + Secret);

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q")));

        Assert.Contains("sent a malformed response", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, this.server.Requests.Count);
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
    public async Task A_response_without_choices_fails_with_a_ChatProviderException()
    {
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, """{"id":"x","object":"chat.completion","created":1,"model":"fake-model","choices":[]}""");

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q")));

        Assert.IsNotType<ChatProviderAuthenticationException>(error);
        Assert.Equal(3, this.server.Requests.Count);
    }

    [Fact]
    public async Task A_content_filter_stop_fails_with_a_ChatProviderException_without_retrying()
    {
        this.server.Fallback = FakeResponse.Chat(string.Empty, finishReason: "content_filter");

        var error = await Assert.ThrowsAsync<ChatProviderException>(
            () => this.host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q")));

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
            () => host.Chat(ChatProviders.OpenAICompatible).GetChatMessageContentAsync(new ChatHistory("q")));

        Assert.Contains("could not be reached (3 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, host.Delays.Count);
    }

    [Fact]
    public async Task Failures_reach_a_kernel_prompt_caller_as_ChatProviderException()
    {
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.BadGateway);
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(this.host.Chat(ChatProviders.OpenAICompatible));
        var kernel = builder.Build();

        await Assert.ThrowsAsync<ChatProviderException>(() => kernel.InvokePromptAsync("Say hi"));

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
