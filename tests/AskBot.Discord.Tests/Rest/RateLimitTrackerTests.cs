using AskBot.Discord.Rest;

namespace AskBot.Discord.Tests.Rest;

public sealed class RateLimitTrackerTests
{
    private static readonly RateLimitHeaders Spent = new("hash-a", 0, TimeSpan.FromSeconds(2), Global: false);

    [Fact]
    public void SpentBucket_BlocksItsRouteAndResourceUntilReset()
    {
        // Arrange
        var clock = new ManualClock();
        var tracker = new RateLimitTracker(clock);

        // Act
        tracker.Update(DiscordRoute.CreateMessage("1"), Spent);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(2), tracker.GetDelay(DiscordRoute.CreateMessage("1")));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.CreateMessage("2")));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.TriggerTyping("1")));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.FromSeconds(0.5), tracker.GetDelay(DiscordRoute.CreateMessage("1")));
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.CreateMessage("1")));
    }

    [Fact]
    public void RoutesReportingTheSameHash_ShareOneBucketPerResource()
    {
        // Arrange
        var clock = new ManualClock();
        var tracker = new RateLimitTracker(clock);
        tracker.Update(DiscordRoute.StartThreadFromMessage("1", "50"), new RateLimitHeaders("hash-a", 3, TimeSpan.FromSeconds(1), Global: false));

        // Act
        tracker.Update(DiscordRoute.CreateMessage("1"), Spent);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(2), tracker.GetDelay(DiscordRoute.StartThreadFromMessage("1", "51")));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.StartThreadFromMessage("9", "51")));
    }

    [Fact]
    public void GlobalRateLimit_DelaysEveryBotRouteButNotInteractionEndpoints()
    {
        // Arrange
        var clock = new ManualClock();
        var tracker = new RateLimitTracker(clock);

        // Act
        tracker.OnRateLimited(DiscordRoute.CreateMessage("1"), TimeSpan.FromSeconds(3), global: true);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(3), tracker.GetDelay(DiscordRoute.GatewayBot()));
        Assert.Equal(TimeSpan.FromSeconds(3), tracker.GetDelay(DiscordRoute.TriggerTyping("2")));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.CreateInteractionResponse("9", "tok")));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.CreateFollowupMessage("app", "tok")));
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.CreateMessage("1")));
    }

    [Fact]
    public void RouteRateLimit_DelaysOnlyThatBucket()
    {
        // Arrange
        var clock = new ManualClock();
        var tracker = new RateLimitTracker(clock);

        // Act
        tracker.OnRateLimited(DiscordRoute.CreateMessage("1"), TimeSpan.FromSeconds(3), global: false);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(3), tracker.GetDelay(DiscordRoute.CreateMessage("1")));
        Assert.Equal(TimeSpan.Zero, tracker.GetDelay(DiscordRoute.CreateMessage("2")));
    }

    [Fact]
    public void WebhookRoutes_LogWithTheTokenMasked()
    {
        // Act
        var routes = new[]
        {
            DiscordRoute.CreateInteractionResponse("9", "secret-token"),
            DiscordRoute.EditOriginalInteractionResponse("app", "secret-token"),
            DiscordRoute.CreateFollowupMessage("app", "secret-token"),
        };

        // Assert
        Assert.All(routes, route => Assert.Contains("secret-token", route.Path, StringComparison.Ordinal));
        Assert.All(routes, route => Assert.DoesNotContain("secret-token", route.ToString(), StringComparison.Ordinal));
        Assert.All(routes, route => Assert.False(route.UsesBotToken));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2024, 3, 22, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => this.now;

        public void Advance(TimeSpan by) => this.now += by;
    }
}
