using System.Text.Json;
using AskBot.Core.Hosting;
using AskBot.Core.Storage;
using AskBot.Discord.Bot;
using AskBot.Discord.Hosting;
using AskBot.Discord.Tests.Fakes;
using AskBot.Discord.Tests.Support;
using AskBot.Providers.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AskBot.Discord.Tests.Hosting;

/// <summary>
/// The whole adapter as <c>AddAskBotDiscord</c> wires it (real REST client, real gateway client, the bot, SQLite
/// feedback, the hosted service) over the real offline pipeline, driven through a fake Discord on 127.0.0.1.
/// </summary>
[Collection(SeedsCollection.Name)]
public sealed class DiscordAdapterEndToEndTests(SeedsFixture seeds) : IAsyncLifetime
{
    private const string GuildId = "111";
    private const string ChannelId = "222";
    private const string UserId = "333";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string workDir = Path.Combine(Path.GetTempPath(), "askbot-discord-e2e-" + Guid.NewGuid().ToString("N"));
    private FakeDiscordRestServer rest = null!;
    private FakeGatewayServer gateway = null!;
    private IHost host = null!;
    private readonly RecordingLogger<DiscordBot> botLog = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.workDir);
        this.gateway = await FakeGatewayServer.StartAsync();
        this.rest = await FakeDiscordRestServer.StartAsync();
        this.rest.GatewayUrl = this.gateway.Url.ToString();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AskBot:Corpus:Path"] = RepoPaths.Seeds,
            ["AskBot:Corpus:IndexCachePath"] = seeds.IndexCachePath,
            ["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts,
            ["AskBot:Discord:Token"] = this.rest.ExpectedToken,
            ["AskBot:Discord:ApiBaseUrl"] = this.rest.BaseUri.ToString(),
            ["AskBot:Discord:FeedbackDb"] = Path.Combine(this.workDir, "feedback.db"),
        });
        builder.Services.AddSingleton<ILogger<DiscordBot>>(this.botLog);
        builder.Services.AddLogging().AddAskBotCore(builder.Configuration)
            .AddAskBotOnnxEmbeddings().AddAskBotDiscord(builder.Configuration);
        this.host = builder.Build();
        await this.host.StartAsync();
        await this.rest.WaitForRequestAsync("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands", Timeout);
    }

    public async Task DisposeAsync()
    {
        await this.host.StopAsync();
        this.host.Dispose();
        await this.gateway.DisposeAsync();
        await this.rest.DisposeAsync();
        Directory.Delete(this.workDir, recursive: true);
    }

    [Fact]
    public async Task Start_IdentifiesWithTheTokenAndRegistersTheAskCommand()
    {
        var identify = await this.gateway.WaitForFrameAsync(2, Timeout);
        Assert.Equal(this.rest.ExpectedToken, identify.D.GetProperty("token").GetString());
        Assert.Equal(37377, identify.D.GetProperty("intents").GetInt32());
        var register = this.rest.RequestsTo("PUT", $"/applications/{FakeGatewayServer.ApplicationId}/commands").Single();
        var command = register.Json()[0];
        Assert.Equal("ask", command.GetProperty("name").GetString());
        Assert.Equal("question", command.GetProperty("options")[0].GetProperty("name").GetString());
        Assert.StartsWith("DiscordBot (", register.Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mention_IsAnsweredOnceInAThreadWithVerbatimSourcesAndNoPings()
    {
        var mention = Message("1001", $"<@{FakeGatewayServer.BotUserId}> Which band was supposed to play at Crocus City Hall?", mentionsBot: true);
        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", mention);
        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", mention); // Discord may deliver an event twice.

        await this.rest.WaitForRequestAsync("POST", $"/channels/{ChannelId}/messages/1001/threads", Timeout);
        var answer = await this.rest.WaitForRequestAsync(
            r => r.Is("POST", "/channels/1001/messages") && r.Json().TryGetProperty("components", out _),
            Timeout);
        var body = answer.Json();
        Assert.Contains("[1]", body.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Matches("Picnic|Piknik", body.GetProperty("content").GetString()!);
        Assert.Empty(body.GetProperty("allowed_mentions").GetProperty("parse").EnumerateArray());
        AssertQuotesAreVerbatim(body);
        Assert.StartsWith("fb:", body.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString(), StringComparison.Ordinal);
        // No typing assertion here: an answer ready before the first indicator is sent cancels it, which is right but
        // makes its presence a race over real HTTP. DiscordBotTests checks the indicator's order deterministically.

        await this.botLog.WaitForAsync("Event 1001 was already handled", Timeout);
        Assert.Single(this.rest.Requests, r => r.Method == "POST" && r.Path.EndsWith("/threads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BotsAndUnaddressedMessages_AreIgnored_WhileADirectMessageIsAnswered()
    {
        var fromBot = Message("2001", $"<@{FakeGatewayServer.BotUserId}> Who leads ISIS-K?", mentionsBot: true, authorIsBot: true);
        var unaddressed = Message("2002", "Who leads ISIS-K?", mentionsBot: false);
        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", fromBot);
        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", unaddressed);
        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", new
        {
            id = "2003",
            channel_id = "dm-1",
            channel_type = 1,
            type = 0,
            content = "Who leads ISIS-K?",
            author = new { id = UserId, username = "reader" },
            mentions = Array.Empty<object>(),
        });

        var reply = await this.rest.WaitForRequestAsync(r => r.Is("POST", "/channels/dm-1/messages"), Timeout);
        Assert.Contains("Ghafari", reply.Json().GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("2003", reply.Json().GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.DoesNotContain(this.rest.Requests, r => r.Path.Contains("2001", StringComparison.Ordinal) || r.Path.Contains("2002", StringComparison.Ordinal));
        Assert.DoesNotContain(this.rest.Requests, r => r.Is("POST", $"/channels/{ChannelId}/messages"));
    }

    [Fact]
    public async Task ThreadFollowUp_WithoutAMention_IsAnsweredFromTheThreadsHistory()
    {
        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", Message("3001", $"<@{FakeGatewayServer.BotUserId}> Who leads ISIS-K?", mentionsBot: true));
        await this.rest.WaitForRequestAsync(r => r.Is("POST", "/channels/3001/messages"), Timeout);

        await this.gateway.SendDispatchAsync("MESSAGE_CREATE", Message("3002", "How old is he?", mentionsBot: false, channelId: "3001", channelType: 11));
        var followUp = await this.rest.WaitForRequestAsync(
            r => r.Is("POST", "/channels/3001/messages") && r.Body.Contains("\"3002\"", StringComparison.Ordinal),
            Timeout);

        Assert.Contains("29", followUp.Json().GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskCommand_IsDeferredThenEdited_AndAFeedbackClickIsStoredAndAcknowledged()
    {
        await this.gateway.SendDispatchAsync("INTERACTION_CREATE", new
        {
            id = "4001",
            application_id = FakeGatewayServer.ApplicationId,
            type = 2,
            token = "itoken-4001",
            guild_id = GuildId,
            channel_id = ChannelId,
            member = new { user = new { id = UserId, username = "reader" } },
            data = new { name = "ask", options = new[] { new { name = "question", type = 3, value = "Who leads ISIS-K?" } } },
        });

        var deferred = await this.rest.WaitForRequestAsync("POST", "/interactions/4001/itoken-4001/callback", Timeout);
        Assert.Equal(5, deferred.Json().GetProperty("type").GetInt32());
        Assert.Null(deferred.Header("Authorization"));
        var edit = await this.rest.WaitForRequestAsync("PATCH", $"/webhooks/{FakeGatewayServer.ApplicationId}/itoken-4001/messages/@original", Timeout);
        Assert.True(edit.Timestamp >= deferred.Timestamp);
        var answer = edit.Json();
        Assert.Contains("Ghafari", answer.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Empty(answer.GetProperty("allowed_mentions").GetProperty("parse").EnumerateArray());
        var helpful = answer.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!;

        await this.gateway.SendDispatchAsync("INTERACTION_CREATE", new
        {
            id = "4002",
            application_id = FakeGatewayServer.ApplicationId,
            type = 3,
            token = "itoken-4002",
            guild_id = GuildId,
            channel_id = ChannelId,
            member = new { user = new { id = "444", username = "voter" } },
            data = new { custom_id = helpful, component_type = 2 },
        });

        var ack = (await this.rest.WaitForRequestAsync("POST", "/interactions/4002/itoken-4002/callback", Timeout)).Json();
        Assert.Equal(4, ack.GetProperty("type").GetInt32());
        Assert.Equal(64, ack.GetProperty("data").GetProperty("flags").GetInt32());
        var store = this.host.Services.GetRequiredService<IFeedbackStore>();
        var entries = new List<FeedbackEntry>();
        await foreach (var entry in store.ReadAllAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        var voted = Assert.Single(entries, e => e.HelpfulVotes > 0);
        Assert.Equal("Who leads ISIS-K?", voted.Answer.Question);
        Assert.NotEmpty(voted.Answer.Citations);
    }

    private static object Message(string id, string content, bool mentionsBot, bool authorIsBot = false, string channelId = ChannelId, int channelType = 0) => new
    {
        id,
        channel_id = channelId,
        guild_id = GuildId,
        channel_type = channelType,
        type = 0,
        content,
        author = new { id = authorIsBot ? "555" : UserId, username = authorIsBot ? "otherbot" : "reader", bot = authorIsBot },
        mentions = mentionsBot ? new[] { new { id = FakeGatewayServer.BotUserId, username = FakeGatewayServer.BotUsername } } : [],
    };

    private static void AssertQuotesAreVerbatim(JsonElement body)
    {
        var seeds = Directory.GetFiles(RepoPaths.Seeds, "*.txt").Select(File.ReadAllText).ToList();
        var fields = body.GetProperty("embeds")[0].GetProperty("fields").EnumerateArray().ToList();
        Assert.NotEmpty(fields);
        foreach (var field in fields)
        {
            // The field value ends with the quoted span, in quotation marks, possibly shortened with an ellipsis.
            var value = field.GetProperty("value").GetString()!;
            var open = value.IndexOf("> \"", StringComparison.Ordinal);
            Assert.True(open >= 0, value);
            var quote = value[(open + 3)..].TrimEnd('"').TrimEnd('…')
                .Replace("\u200B", string.Empty, StringComparison.Ordinal)
                .Replace("\\", string.Empty, StringComparison.Ordinal); // Markdown escapes are display-only.
            var probe = quote[..Math.Min(60, quote.Length)];
            Assert.Contains(seeds, seed => seed.Contains(probe, StringComparison.Ordinal));
        }
    }
}
