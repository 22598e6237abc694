using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AskBot.Discord.Bot;
using AskBot.Discord.Tests.Fakes;

namespace AskBot.Discord.Tests.Load;

/// <summary>Shape of a load run: how many users ask how many questions in all, and how often an event is delivered twice.</summary>
/// <param name="Users">Users asking at the same time, each in a channel of their own.</param>
/// <param name="Questions">Questions in all, spread evenly over the users.</param>
/// <param name="DuplicateEvery">Every n-th message is delivered twice, as Discord may; 0 never.</param>
public sealed record DiscordLoadOptions(int Users = 30, int Questions = 300, int DuplicateEvery = 10);

/// <summary>One question of a load run and the first reply it got.</summary>
/// <param name="Id">Message or interaction id.</param>
/// <param name="UserId">Who asked.</param>
/// <param name="Kind"><c>mention</c> (in a channel), <c>thread</c> (follow-up in the bot's thread) or <c>slash</c> (<c>/ask</c>).</param>
/// <param name="ChannelId">Where it was asked (the thread for a follow-up).</param>
/// <param name="SentAt">When the fake gateway sent it.</param>
/// <param name="RepliedAt">When the fake REST server received the reply; null if none came.</param>
/// <param name="Reply"><c>answer</c>, <c>slowdown</c>, <c>reaction</c>, <c>ephemeral</c>, <c>sorry</c>, <c>invalid</c>, or null.</param>
public sealed record LoadQuestion(string Id, string UserId, string Kind, string ChannelId, DateTimeOffset SentAt, DateTimeOffset? RepliedAt, string? Reply)
{
    /// <summary>Question sent to reply received.</summary>
    public TimeSpan? Latency => this.RepliedAt - this.SentAt;
}

/// <summary>What a load run did: every question with its first reply, and the wall time of the whole run.</summary>
public sealed record DiscordLoadResult(IReadOnlyList<LoadQuestion> Questions, TimeSpan Elapsed);

/// <summary>How often each question was replied to, counted over every request the fake REST server received.</summary>
/// <param name="Replies">Per question id: its reply starts (a reply referencing it, a reaction on it, the first post in its thread, an interaction callback or edit).</param>
/// <param name="AnswersWithButtons">Answer messages (the last part of each carries the feedback buttons) posted to channels.</param>
/// <param name="OriginalEdits">Per interaction token: edits of the deferred reply.</param>
public sealed record LoadAudit(
    IReadOnlyDictionary<string, int> Replies,
    int AnswersWithButtons,
    IReadOnlyDictionary<string, int> OriginalEdits);

/// <summary>
/// Drives the bot through <see cref="FakeGatewayServer"/> like a busy server: each user asks in turn (a channel mention,
/// a follow-up in the thread the bot opened for them, an <c>/ask</c>), waiting for the reply before the next, while all
/// users ask at once. Replies are read from <see cref="FakeDiscordRestServer"/>. Shared by the load test and the
/// <c>discord-load</c> benchmark.
/// </summary>
public static class DiscordLoadDriver
{
    public const string GuildId = "111";
    public const string InteractionTokenPrefix = "tok-";

    public static async Task<DiscordLoadResult> RunAsync(
        FakeGatewayServer gateway,
        FakeDiscordRestServer rest,
        IReadOnlyList<string> questionTexts,
        DiscordLoadOptions options,
        TimeSpan replyTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(questionTexts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(questionTexts.Count, 1);

        // Discord sends dispatches in sequence order; two concurrent sends could overtake each other, and the client
        // rightly drops a sequence number older than one it has seen.
        using var sendLock = new SemaphoreSlim(1, 1);
        var ids = new IdSource();
        var stopwatch = Stopwatch.StartNew();
        var users = Enumerable.Range(0, options.Users).Select(user =>
        {
            var count = (options.Questions / options.Users) + (user < options.Questions % options.Users ? 1 : 0);
            return AskAsUserAsync(user, count);
        });
        var perUser = await Task.WhenAll(users);
        stopwatch.Stop();
        return new DiscordLoadResult(perUser.SelectMany(questions => questions).ToList(), stopwatch.Elapsed);

        async Task<List<LoadQuestion>> AskAsUserAsync(int user, int count)
        {
            var userId = (700_000 + user).ToString(CultureInfo.InvariantCulture);
            var channelId = (800_000 + user).ToString(CultureInfo.InvariantCulture);
            string? thread = null;
            var asked = new List<LoadQuestion>(count);
            for (var turn = 0; turn < count; turn++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = questionTexts[((user * 7) + turn) % questionTexts.Count];
                var kind = ((turn + user) % 3) switch
                {
                    0 => "mention",
                    1 when thread is not null => "thread",
                    1 => "mention",
                    _ => "slash",
                };
                var id = ids.Next();
                var where = kind == "thread" ? thread! : channelId;
                var (name, payload) = kind switch
                {
                    "slash" => ("INTERACTION_CREATE", SlashCommand(id, userId, channelId, text)),
                    "thread" => ("MESSAGE_CREATE", Message(id, userId, where, text, mention: false, channelType: 11)),
                    _ => ("MESSAGE_CREATE", Message(id, userId, where, $"<@{FakeGatewayServer.BotUserId}> {text}", mention: true, channelType: 0)),
                };
                var twice = options.DuplicateEvery > 0 && int.Parse(id, CultureInfo.InvariantCulture) % options.DuplicateEvery == 0;
                var reply = rest.WaitForRequestAsync(request => IsReplyTo(request, kind, id, where), replyTimeout);
                var sentAt = DateTimeOffset.UtcNow;
                await sendLock.WaitAsync(cancellationToken);
                try
                {
                    await gateway.SendDispatchAsync(name, payload);
                    if (twice)
                    {
                        await gateway.SendDispatchAsync(name, payload);
                    }
                }
                finally
                {
                    sendLock.Release();
                }

                FakeDiscordRestRequest? first = null;
                try
                {
                    first = await reply;
                }
                catch (TimeoutException)
                {
                    // Recorded as unanswered; the caller decides what that means.
                }

                var outcome = first is null ? null : Classify(first);
                asked.Add(new LoadQuestion(id, userId, kind, where, sentAt, first?.Timestamp, outcome));
                if (kind == "mention" && outcome == "answer" && first!.Path == $"/channels/{id}/messages")
                {
                    // Answered in a new thread (its id is the question's): later follow-ups go there.
                    thread = id;
                }
            }

            return asked;
        }
    }

    /// <summary>Counts replies per question over every request the fake received (call after the bot has stopped).</summary>
    public static LoadAudit Audit(IReadOnlyList<FakeDiscordRestRequest> requests, IReadOnlyList<LoadQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(questions);
        var replies = questions.ToDictionary(question => question.Id, _ => 0, StringComparer.Ordinal);
        var edits = new Dictionary<string, int>(StringComparer.Ordinal);
        var threadsWithFirstPost = new HashSet<string>(StringComparer.Ordinal);
        var answersWithButtons = 0;
        foreach (var request in requests)
        {
            var segments = request.Path.Trim('/').Split('/');
            switch (request.Method, segments)
            {
                case ("PUT", ["channels", _, "messages", var messageId, "reactions", _, "@me"]):
                    Count(replies, messageId);
                    break;

                case ("POST", ["interactions", var interactionId, _, "callback"]):
                    Count(replies, interactionId);
                    break;

                case ("PATCH", ["webhooks", _, var token, "messages", "@original"]):
                    edits[token] = edits.GetValueOrDefault(token) + 1;
                    break;

                case ("POST", ["channels", var channelId, "messages"]):
                    using (var document = JsonDocument.Parse(request.Body))
                    {
                        var root = document.RootElement;
                        if (root.TryGetProperty("components", out _))
                        {
                            answersWithButtons++;
                        }

                        if (root.TryGetProperty("message_reference", out var reference))
                        {
                            Count(replies, reference.GetProperty("message_id").GetString()!);
                        }
                        else if (replies.ContainsKey(channelId) && threadsWithFirstPost.Add(channelId))
                        {
                            // The first post in a thread the bot started from a question is that question's answer.
                            Count(replies, channelId);
                        }
                    }

                    break;

                default:
                    break;
            }
        }

        return new LoadAudit(replies, answersWithButtons, edits);
    }

    private static void Count(Dictionary<string, int> replies, string id)
    {
        if (replies.TryGetValue(id, out var count))
        {
            replies[id] = count + 1;
        }
    }

    private static bool IsReplyTo(FakeDiscordRestRequest request, string kind, string id, string channelId)
    {
        if (kind == "slash")
        {
            return (request.Method == "PATCH" && request.Path == $"/webhooks/{FakeGatewayServer.ApplicationId}/{InteractionTokenPrefix}{id}/messages/@original")
                || (request.Method == "POST" && request.Path == $"/interactions/{id}/{InteractionTokenPrefix}{id}/callback" && CallbackType(request) == 4);
        }

        if (request.Method == "PUT")
        {
            return request.Path.StartsWith($"/channels/{channelId}/messages/{id}/reactions/", StringComparison.Ordinal);
        }

        return request.Method == "POST"
            && request.Path.EndsWith("/messages", StringComparison.Ordinal)
            && (request.Body.Contains($"\"message_id\":\"{id}\"", StringComparison.Ordinal)
                || (kind == "mention" && request.Path == $"/channels/{id}/messages"));
    }

    private static int CallbackType(FakeDiscordRestRequest request)
    {
        using var document = JsonDocument.Parse(request.Body);
        return document.RootElement.GetProperty("type").GetInt32();
    }

    private static string Classify(FakeDiscordRestRequest reply)
    {
        if (reply.Method == "PUT")
        {
            return "reaction";
        }

        using var document = JsonDocument.Parse(reply.Body);
        var root = document.RootElement;
        if (root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Number)
        {
            // An interaction callback: only type 4 (an ephemeral notice) is a reply on its own.
            return "ephemeral";
        }

        var content = root.TryGetProperty("content", out var value) ? value.GetString() : null;
        return content switch
        {
            DiscordBot.SlowDownText => "slowdown",
            DiscordBot.SorryText => "sorry",
            DiscordBot.InvalidQuestionText => "invalid",
            _ => "answer",
        };
    }

    private static object Message(string id, string userId, string channelId, string content, bool mention, int channelType) => new
    {
        id,
        channel_id = channelId,
        guild_id = GuildId,
        channel_type = channelType,
        type = 0,
        content,
        author = new { id = userId, username = "user" + userId },
        mentions = mention ? new[] { new { id = FakeGatewayServer.BotUserId, username = FakeGatewayServer.BotUsername } } : [],
    };

    private static object SlashCommand(string id, string userId, string channelId, string question) => new
    {
        id,
        application_id = FakeGatewayServer.ApplicationId,
        type = 2,
        token = InteractionTokenPrefix + id,
        guild_id = GuildId,
        channel_id = channelId,
        member = new { user = new { id = userId, username = "user" + userId } },
        data = new { name = "ask", options = new[] { new { name = "question", type = 3, value = question } } },
    };

    private sealed class IdSource
    {
        private long last = 9_000_000;

        public string Next() => Interlocked.Increment(ref this.last).ToString(CultureInfo.InvariantCulture);
    }
}
