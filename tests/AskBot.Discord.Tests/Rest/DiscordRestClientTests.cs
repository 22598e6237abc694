using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AskBot.Discord.Models;
using AskBot.Discord.Rest;
using AskBot.Discord.Tests.Fakes;

namespace AskBot.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    private static readonly TimeSpan Timeout = RestHarness.Timeout;

    [Fact]
    public async Task CreateMessageAsync_SendsBotAuthorizationUserAgentAndJsonContentType()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();

        // Act
        await client.CreateMessageAsync("111", new MessagePayload("hello"), CancellationToken.None).WaitAsync(Timeout);

        // Assert
        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v10/channels/111/messages", request.FullPath);
        Assert.Equal("Bot test-token", request.Header("Authorization"));
        Assert.Matches(new Regex(@"^DiscordBot \(https://github\.com/askbot/askbot, [0-9][^)]*\)$"), request.Header("User-Agent") ?? string.Empty);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("hello", request.Json().GetProperty("content").GetString());
    }

    [Fact]
    public async Task AddOwnReactionAsync_PutsTheEscapedEmojiOnTheMessage_WithBotAuthorization()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();

        // Act
        await client.AddOwnReactionAsync("111", "222", "\u23F3", CancellationToken.None).WaitAsync(Timeout);

        // Assert: the fake sees the decoded path, so the request arrived with the emoji escaped and intact.
        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/channels/111/messages/222/reactions/\u23F3/@me", request.Path);
        Assert.Equal("Bot test-token", request.Header("Authorization"));
        Assert.Equal(string.Empty, request.Body);
    }

    [Fact]
    public async Task CreateMessageAsync_ReturnsTheMessageDiscordCreated()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("POST", "/channels/111/messages", 200, """{"id":"987654321","channel_id":"111","content":"hi","type":0}""");

        // Act
        var created = await client.CreateMessageAsync("111", new MessagePayload("hi"), CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal(new CreatedMessage("987654321", "111"), created);
    }

    [Fact]
    public async Task EveryMessageBody_ForbidsAllMentions()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        var payload = new MessagePayload("@everyone <@123> look", MessageReference: new MessageReferencePayload("42"));

        // Act
        await client.CreateMessageAsync("111", payload, CancellationToken.None).WaitAsync(Timeout);
        await client.CreateInteractionResponseAsync("900", "itoken", new InteractionResponse(InteractionCallbackTypes.ChannelMessageWithSource, payload), CancellationToken.None).WaitAsync(Timeout);
        await client.EditOriginalInteractionResponseAsync("app", "itoken", payload, CancellationToken.None).WaitAsync(Timeout);
        await client.CreateFollowupMessageAsync("app", "itoken", payload, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        var bodies = harness.Server.Requests.Select(request => request.Json()).ToList();
        Assert.Equal(4, bodies.Count);
        var messages = new[] { bodies[0], bodies[1].GetProperty("data"), bodies[2], bodies[3] };
        foreach (var message in messages)
        {
            var allowed = message.GetProperty("allowed_mentions");
            Assert.Equal(JsonValueKind.Array, allowed.GetProperty("parse").ValueKind);
            Assert.Equal(0, allowed.GetProperty("parse").GetArrayLength());
            Assert.False(allowed.GetProperty("replied_user").GetBoolean());
            Assert.Equal("@everyone <@123> look", message.GetProperty("content").GetString());
        }

        Assert.Equal("42", bodies[0].GetProperty("message_reference").GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task InteractionAndWebhookCalls_UseTheirRoutesWithoutBotAuthorization()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();

        // Act
        await client.CreateInteractionResponseAsync("900", "tok-abc", new InteractionResponse(InteractionCallbackTypes.DeferredChannelMessageWithSource), CancellationToken.None).WaitAsync(Timeout);
        await client.EditOriginalInteractionResponseAsync("app1", "tok-abc", new MessagePayload("answer"), CancellationToken.None).WaitAsync(Timeout);
        await client.CreateFollowupMessageAsync("app1", "tok-abc", new MessagePayload("more"), CancellationToken.None).WaitAsync(Timeout);

        // Assert
        var requests = harness.Server.Requests;
        Assert.Equal(
            ["POST /interactions/900/tok-abc/callback", "PATCH /webhooks/app1/tok-abc/messages/@original", "POST /webhooks/app1/tok-abc"],
            requests.Select(request => request.Method + " " + request.Path));
        Assert.All(requests, request => Assert.Null(request.Header("Authorization")));
        Assert.All(requests, request => Assert.StartsWith("DiscordBot (", request.Header("User-Agent"), StringComparison.Ordinal));
        Assert.Equal("""{"type":5}""", requests[0].Body);
    }

    [Fact]
    public async Task InteractionCalls_WorkWithoutABotToken()
    {
        // Arrange: interaction tokens authorise these routes, so a token-less client may still answer.
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options => options.Token = null);

        // Act
        await client.CreateInteractionResponseAsync("900", "tok", new InteractionResponse(InteractionCallbackTypes.Pong), CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task GetGatewayBotAsync_ParsesTheUrlAndIdentifyBudget()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        harness.Server.GatewayUrl = "ws://127.0.0.1:4242";
        var client = harness.CreateClient();

        // Act
        var info = await client.GetGatewayBotAsync(CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal("ws://127.0.0.1:4242", info.Url);
        Assert.Equal(1, info.Shards);
        Assert.Equal(new SessionStartLimit(1000, 999, 0, 1), info.SessionStartLimit);
        Assert.Equal("/api/v10/gateway/bot", Assert.Single(harness.Server.Requests).FullPath);
    }

    [Fact]
    public async Task ApiBaseUrlWithTrailingSlash_KeepsTheVersionPath()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options => options.ApiBaseUrl = new Uri(harness.Server.BaseUri + "/"));

        // Act
        await client.TriggerTypingAsync("5", CancellationToken.None).WaitAsync(Timeout);

        // Assert
        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("/api/v10/channels/5/typing", request.FullPath);
        Assert.Equal(string.Empty, request.Body);
    }

    [Fact]
    public async Task StartThreadFromMessageAsync_ReturnsTheThreadIdAndSendsItsName()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();

        // Act
        var threadId = await client.StartThreadFromMessageAsync("111", "222", new StartThreadPayload("Who leads ISIS-K?"), CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal("222", threadId);
        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("/channels/111/messages/222/threads", request.Path);
        Assert.Equal("Who leads ISIS-K?", request.Json().GetProperty("name").GetString());
        Assert.Equal(1440, request.Json().GetProperty("auto_archive_duration").GetInt32());
    }

    [Fact]
    public async Task OverwriteCommandsAsync_PutsTheCommandArrayGloballyOrToTheGuild()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        ApplicationCommand[] commands =
        [
            new("ask", "Ask about the articles", [new ApplicationCommandOption(CommandOptionTypes.String, "question", "Your question", Required: true)]),
        ];

        // Act
        await client.OverwriteCommandsAsync("app1", null, commands, CancellationToken.None).WaitAsync(Timeout);
        await client.OverwriteCommandsAsync("app1", "g7", commands, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        var requests = harness.Server.Requests;
        Assert.Equal(["PUT /applications/app1/commands", "PUT /applications/app1/guilds/g7/commands"], requests.Select(request => request.Method + " " + request.Path));
        var command = Assert.Single(requests[0].Json().EnumerateArray());
        Assert.Equal("ask", command.GetProperty("name").GetString());
        Assert.Equal(1, command.GetProperty("type").GetInt32());
        Assert.Equal("Ask about the articles", command.GetProperty("description").GetString());
        var option = Assert.Single(command.GetProperty("options").EnumerateArray());
        Assert.Equal(3, option.GetProperty("type").GetInt32());
        Assert.Equal("question", option.GetProperty("name").GetString());
        Assert.True(option.GetProperty("required").GetBoolean());
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task MissingToken_ThrowsUnauthorizedBeforeAnyRequest()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options => options.Token = " ");

        // Act
        var error = await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => client.GetGatewayBotAsync(CancellationToken.None).WaitAsync(Timeout));

        // Assert
        Assert.Contains("AskBot:Discord:Token is not set", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Requests);
    }

    [Fact]
    public async Task RefusedToken_IsNotRetriedAndLaterCallsSendNothing()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient(options => options.Token = "wrong-token");

        // Act
        var first = await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => client.GetGatewayBotAsync(CancellationToken.None).WaitAsync(Timeout));
        var later = await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => client.CreateMessageAsync("1", new MessagePayload("x"), CancellationToken.None).WaitAsync(Timeout));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, later.Status);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task RefusedInteractionToken_DoesNotStopBotCalls()
    {
        // Arrange: an expired interaction token is Discord's 401 50027, not a refused bot token.
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("PATCH", "/webhooks/app1/old/messages/@original", FakeDiscordRestResponse.Error(401, 50027, "Invalid Webhook Token"));

        // Act
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.EditOriginalInteractionResponseAsync("app1", "old", new MessagePayload("x"), CancellationToken.None).WaitAsync(Timeout));
        await client.TriggerTypingAsync("1", CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.IsNotType<DiscordUnauthorizedException>(error);
        Assert.Equal(50027, error.Code);
        Assert.Equal(2, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task BadRequest_ThrowsWithDiscordsCodeWithoutRetrying()
    {
        // Arrange
        await using var harness = await RestHarness.StartAsync();
        var client = harness.CreateClient();
        harness.Server.Enqueue("POST", "/channels/1/messages", FakeDiscordRestResponse.Error(400, 50035, "Invalid Form Body"));

        // Act
        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("1", new MessagePayload("x"), CancellationToken.None).WaitAsync(Timeout));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(50035, error.Code);
        Assert.Contains("Invalid Form Body", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task Failures_NeverPutTheBotOrInteractionTokenInMessagesOrLogs()
    {
        // Arrange
        const string BotToken = "MTIz.Sup3rSecret.BotToken";
        const string InteractionToken = "aW50ZXJhY3Rpb24.Secret";
        await using var harness = await RestHarness.StartAsync();
        harness.Server.ExpectedToken = BotToken;
        var client = harness.CreateClient(options => options.MaxRetries = 1);
        harness.Server.Enqueue("POST", "/channels/1/messages", FakeDiscordRestResponse.Error(400, 50035, "Invalid Form Body"));
        harness.Server.SetResponse("PATCH", $"/webhooks/app1/{InteractionToken}/messages/@original", FakeDiscordRestResponse.Error(502, 0, "Bad Gateway"));
        harness.Server.Enqueue("POST", $"/interactions/9/{InteractionToken}/callback", FakeDiscordRestResponse.Error(404, 10062, "Unknown interaction"));

        // Act
        var failures = new List<Exception>
        {
            await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("1", new MessagePayload("x"), CancellationToken.None).WaitAsync(Timeout)),
            await Assert.ThrowsAsync<DiscordRestException>(() => client.EditOriginalInteractionResponseAsync("app1", InteractionToken, new MessagePayload("x"), CancellationToken.None).WaitAsync(Timeout)),
            await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateInteractionResponseAsync("9", InteractionToken, new InteractionResponse(5), CancellationToken.None).WaitAsync(Timeout)),
        };
        harness.Server.ExpectedToken = "rotated";
        failures.Add(await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => client.TriggerTypingAsync("1", CancellationToken.None).WaitAsync(Timeout)));

        // Assert
        var texts = failures.Select(failure => failure.ToString()).Concat(harness.Logger.Entries.Select(entry => entry.Message)).ToList();
        Assert.NotEmpty(harness.Logger.Entries);
        Assert.All(texts, text => Assert.DoesNotContain(BotToken, text, StringComparison.Ordinal));
        Assert.All(texts, text => Assert.DoesNotContain(InteractionToken, text, StringComparison.Ordinal));
        Assert.Contains("/webhooks/app1/***/messages/@original", failures[1].Message, StringComparison.Ordinal);
    }
}
