using System.Net;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;
using AskBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AskBot.Discord.Tests.Rest;

/// <summary>
/// Rate limits and retries over real HTTP. Time is asserted only as lower bounds measured by the fake (a wait can run
/// late but never early) and as arrival order with a margin of at least 0.5 s.
/// </summary>
public sealed class DiscordRestClientRetryTests
{
    private const string Messages = "/channels/1/messages";
    private static readonly TimeSpan Timeout = RestHarness.Timeout;
    private static readonly MessagePayload Payload = new("answer");

    [Fact]
    public async Task RateLimited_RetriesOnceAfterRetryAfter()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("POST", Messages, FakeDiscordRestResponse.RateLimited(0.3));

        // Act
        var created = await client.CreateMessageAsync("1", Payload, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal("1", created.ChannelId);
        var attempts = harness.Server.RequestsTo("POST", Messages);
        Assert.Equal(2, attempts.Count);
        Assert.True(
            attempts[1].Timestamp - attempts[0].Timestamp >= TimeSpan.FromSeconds(0.3),
            $"retried after {(attempts[1].Timestamp - attempts[0].Timestamp).TotalMilliseconds} ms");
        Assert.Contains(harness.Logger.Entries, entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Warning && entry.Message.Contains("rate-limited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GlobalRateLimit_PausesCallsToEveryRoute()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("POST", Messages, FakeDiscordRestResponse.RateLimited(0.5, global: true));

        // Act
        var limited = client.CreateMessageAsync("1", Payload, CancellationToken.None);
        await harness.Logger.WaitForAsync("(global: True)", Timeout);
        var other = client.TriggerTypingAsync("2", CancellationToken.None);
        await Task.WhenAll(limited, other).WaitAsync(Timeout);

        // Assert
        var rateLimited = harness.Server.RequestsTo("POST", Messages)[0];
        var typing = Assert.Single(harness.Server.RequestsTo("POST", "/channels/2/typing"));
        Assert.True(typing.Timestamp - rateLimited.Timestamp >= TimeSpan.FromSeconds(0.5), "the other route was sent during the global pause");
        Assert.Equal(2, harness.Server.RequestsTo("POST", Messages).Count);
    }

    [Fact]
    public async Task SpentBucket_DelaysTheNextCallOnThatBucketOnly()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        using var waits = new MetricCollector<long>(harness.MeterFactory, "AskBot", "askbot.ratelimit.waits");
        var client = harness.CreateClient();
        var spent = new Dictionary<string, string>
        {
            ["X-RateLimit-Bucket"] = "abcd1234",
            ["X-RateLimit-Limit"] = "5",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "0.5",
        };
        harness.Server.Enqueue("POST", Messages, 200, """{"id":"10","channel_id":"1"}""", spent);
        await client.CreateMessageAsync("1", Payload, CancellationToken.None).WaitAsync(Timeout);

        // Act
        var sameBucket = client.CreateMessageAsync("1", Payload, CancellationToken.None);
        var otherChannel = client.CreateMessageAsync("2", Payload, CancellationToken.None);
        var otherRoute = client.TriggerTypingAsync("1", CancellationToken.None);
        await Task.WhenAll(sameBucket, otherChannel, otherRoute).WaitAsync(Timeout);

        // Assert: the other bucket and the other route went out at once, the spent bucket only after its reset.
        var requests = harness.Server.Requests;
        Assert.Equal(4, requests.Count);
        Assert.True(requests[3].Is("POST", Messages), "a call on the spent bucket was sent before calls on free buckets");
        Assert.True(requests[3].Timestamp - requests[0].Timestamp >= TimeSpan.FromSeconds(0.5), "the spent bucket was used before it reset");
        var wait = Assert.Single(waits.GetMeasurementSnapshot());
        Assert.Equal("discord-route", wait.Tags["askbot.ratelimit.scope"]);
    }

    [Fact]
    public async Task BadGateway_IsRetriedThenSucceeds()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("POST", Messages, FakeDiscordRestResponse.Error(502, 0, "Bad Gateway"));

        // Act
        var created = await client.CreateMessageAsync("1", Payload, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal("1", created.ChannelId);
        Assert.Equal(2, harness.Server.RequestsTo("POST", Messages).Count);
    }

    [Fact]
    public async Task BadGatewayForever_GivesUpAfterMaxRetries()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options => options.MaxRetries = 2);
        harness.Server.SetResponse("POST", Messages, new FakeDiscordRestResponse(502, "<html>bad gateway</html>"));

        // Act
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("1", Payload, CancellationToken.None).WaitAsync(Timeout));

        // Assert
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Equal(3, harness.Server.RequestsTo("POST", Messages).Count);
        Assert.Equal(2, harness.Logger.Entries.Count(entry => entry.Message.Contains("HTTP 502", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RateLimitedForever_GivesUpAfterMaxRetries()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options => options.MaxRetries = 1);
        harness.Server.SetResponse("POST", Messages, FakeDiscordRestResponse.RateLimited(0.01));

        // Act
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("1", Payload, CancellationToken.None).WaitAsync(Timeout));

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(2, harness.Server.RequestsTo("POST", Messages).Count);
    }

    [Fact]
    public async Task Timeout_IsRetried()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options =>
        {
            options.RequestTimeoutSeconds = 1;
            options.MaxRetries = 1;
        });
        harness.Server.Enqueue("POST", "/channels/1/typing", new FakeDiscordRestResponse(204, Delay: TimeSpan.FromSeconds(5)));

        // Act
        await client.TriggerTypingAsync("1", CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal(2, harness.Server.RequestsTo("POST", "/channels/1/typing").Count);
        Assert.Contains(harness.Logger.Entries, entry => entry.Message.Contains("no response within 1 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallerCancellation_IsNotRetried()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("POST", "/channels/1/typing", new FakeDiscordRestResponse(204, Delay: TimeSpan.FromSeconds(5)));
        using var cancellation = new CancellationTokenSource();

        // Act
        var typing = client.TriggerTypingAsync("1", cancellation.Token);
        await harness.Server.WaitForRequestAsync("POST", "/channels/1/typing", Timeout);
        await cancellation.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => typing.WaitAsync(Timeout));
        Assert.Single(harness.Server.Requests);
    }
}
