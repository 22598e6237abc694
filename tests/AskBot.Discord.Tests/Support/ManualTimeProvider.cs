namespace AskBot.Discord.Tests.Support;

/// <summary>A clock the test moves by hand (timers are not supported; the code under test only reads the time).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2024, 3, 25, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => this.now;

    public void Advance(TimeSpan by) => this.now += by;
}
