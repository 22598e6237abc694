namespace AskBot.Discord.Gateway;

/// <summary>
/// The randomness of the gateway: heartbeat jitter, reconnect jitter and the wait after an invalid session.
/// A class of its own so tests can seed it or pin it to one value.
/// </summary>
public class GatewayRandom
{
    private readonly Random random;
    private readonly Lock gate = new();

    /// <summary>Creates an unseeded source (the one dependency injection uses).</summary>
    public GatewayRandom()
        : this(new Random())
    {
    }

    /// <summary>Creates a reproducible source.</summary>
    public GatewayRandom(int seed)
        : this(new Random(seed))
    {
    }

    private GatewayRandom(Random random)
    {
        this.random = random;
    }

    /// <summary>A number in [0, 1).</summary>
    public virtual double NextDouble()
    {
        // The heartbeat loop and the reconnect loop draw at the same time, and Random is not thread-safe.
        lock (this.gate)
        {
            return this.random.NextDouble();
        }
    }
}
