using AskBot.Core.Conversation;
using AskBot.Discord.Bot;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Discord.Tests.Bot;

public sealed class PolicyTests
{
    [Fact]
    public void ProcessedMessages_SameIdTwice_IsHandledOnce()
    {
        var processed = new ProcessedMessages();

        Assert.True(processed.TryBegin("m1"));
        Assert.False(processed.TryBegin("m1"));
        Assert.True(processed.TryBegin("m2"));
    }

    [Fact]
    public void ProcessedMessages_BeyondCapacity_ForgetsTheOldest()
    {
        var processed = new ProcessedMessages(capacity: 3);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            processed.TryBegin(id);
        }

        Assert.False(processed.Contains("a"));
        Assert.True(processed.Contains("d"));
        Assert.True(processed.TryBegin("a"));
    }

    [Fact]
    public void UserRateLimiter_OverTheLimit_WarnsOnceThenQuietly_AndEachPermitReturnsOneWindowAfterItWasTaken()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        using var limiter = new UserRateLimiter(Options.Create(new DiscordOptions { UserRateLimitCount = 2, UserRateLimitWindowSeconds = 60 }), clock);

        // Act / Assert
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u1"));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u1"));
        Assert.Equal(RateLimitDecision.LimitedNotify, limiter.TryAcquire("u1"));
        Assert.Equal(RateLimitDecision.Limited, limiter.TryAcquire("u1"));
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u2"));

        // A sliding window: at 61 s only the permit taken at 0 s is back, the one from 10 s is still out.
        clock.Advance(TimeSpan.FromSeconds(51));
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u1"));
        Assert.Equal(RateLimitDecision.LimitedNotify, limiter.TryAcquire("u1"));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u1"));
    }

    [Fact]
    public void UserRateLimiter_StillLimitedAWindowAfterTheWarning_IsWarnedAgain_AndHandsBackEveryPermit()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        using var limiter = new UserRateLimiter(Options.Create(new DiscordOptions { UserRateLimitCount = 1, UserRateLimitWindowSeconds = 60 }), clock);
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u1"));
        Assert.Equal(RateLimitDecision.LimitedNotify, limiter.TryAcquire("u1"));

        // Act / Assert: the permit comes back at 60 s and is taken again at once, so u1 stays limited.
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryAcquire("u1"));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(RateLimitDecision.LimitedNotify, limiter.TryAcquire("u1"));
        Assert.Equal(RateLimitDecision.Limited, limiter.TryAcquire("u1"));
        for (var i = 0; i < 100; i++)
        {
            limiter.TryAcquire("user" + i);
        }

        Assert.Equal(101, limiter.PermitsInUse);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, limiter.PermitsInUse);
    }

    [Fact]
    public void AccessPolicy_NoLists_AllowsEverywhere()
    {
        var policy = new AccessPolicy(Options.Create(new DiscordOptions()));

        Assert.True(policy.IsAllowed("g1", "c1"));
        Assert.True(policy.IsAllowed(null, "dm1"));
    }

    [Fact]
    public void AccessPolicy_GuildList_AllowsOnlyThoseGuildsAndNoDirectMessages()
    {
        var options = new DiscordOptions();
        options.AllowedGuildIds.Add("g1");
        var policy = new AccessPolicy(Options.Create(options));

        Assert.True(policy.IsAllowed("g1", "c1"));
        Assert.False(policy.IsAllowed("g2", "c1"));
        Assert.False(policy.IsAllowed(null, "dm1"));
    }

    [Fact]
    public void AccessPolicy_ChannelList_AllowsThoseChannelsTheirThreadsAndDirectMessages()
    {
        var options = new DiscordOptions();
        options.AllowedChannelIds.Add("c1");
        var policy = new AccessPolicy(Options.Create(options));

        Assert.True(policy.IsAllowed("g1", "c1"));
        Assert.True(policy.IsAllowed("g2", "t1", parentChannelId: "c1"));
        Assert.False(policy.IsAllowed("g1", "c2"));
        Assert.False(policy.IsAllowed("g1", "t2"));
        Assert.True(policy.IsAllowed(null, "dm1"));
    }

    [Fact]
    public void AccessPolicy_BothLists_RequireBoth()
    {
        var options = new DiscordOptions();
        options.AllowedGuildIds.Add("g1");
        options.AllowedChannelIds.Add("c1");
        var policy = new AccessPolicy(Options.Create(options));

        Assert.True(policy.IsAllowed("g1", "c1"));
        Assert.False(policy.IsAllowed("g2", "c1"));
        Assert.False(policy.IsAllowed("g1", "c2"));
    }

    [Fact]
    public void ConversationStore_KeepsOnlyTheLastTurns()
    {
        var store = new ConversationStore(maxTurns: 2);
        for (var i = 1; i <= 3; i++)
        {
            store.Append("t1", new ConversationTurn($"q{i}", $"q{i}", $"a{i}", false));
        }

        Assert.Equal(["q2", "q3"], store.History("t1").Turns.Select(t => t.Question));
        Assert.Empty(store.History("other").Turns);
    }

    [Fact]
    public void ConversationStore_BeyondCapacity_ForgetsTheLeastRecentlyUsedHistoryButNotItsThreads()
    {
        // Arrange
        var store = new ConversationStore(maxTurns: 5, capacity: 2);
        store.OpenFollowUps("a", "c1");
        store.Append("a", new ConversationTurn("qa", "qa", "aa", false));
        store.OpenFollowUps("b", "c1");
        store.Append("b", new ConversationTurn("qb", "qb", "ab", false));
        _ = store.History("a");

        // Act
        store.Append("c", new ConversationTurn("qc", "qc", "ac", false));

        // Assert: b's history is gone, but b is still a thread the bot answers in.
        Assert.Equal(2, store.Count);
        Assert.Single(store.History("a").Turns);
        Assert.Empty(store.History("b").Turns);
        Assert.True(store.AcceptsFollowUps("b"));
        Assert.Equal("c1", store.ParentChannel("b"));
    }

    [Fact]
    public void ConversationStore_FollowUpChannels_AreBoundedTooAndTheLeastRecentlyUsedIsForgotten()
    {
        var store = new ConversationStore(maxTurns: 5, capacity: 1);
        for (var i = 0; i < store.FollowUpCapacity; i++)
        {
            store.OpenFollowUps($"t{i}", "c1");
        }

        Assert.True(store.AcceptsFollowUps("t0"));
        store.OpenFollowUps("newest", "c1");

        Assert.Equal(store.FollowUpCapacity, store.FollowUpCount);
        Assert.True(store.AcceptsFollowUps("t0"));
        Assert.False(store.AcceptsFollowUps("t1"));
        Assert.True(store.AcceptsFollowUps("newest"));
    }
}
