using AskBot.Discord.Gateway;

namespace AskBot.Discord.Tests.Gateway;

/// <summary>Always draws <paramref name="value"/>: heartbeat jitter becomes <c>value × interval</c>; 0.5 makes backoff jitter 0.</summary>
internal sealed class FixedGatewayRandom(double value) : GatewayRandom
{
    public override double NextDouble() => value;
}
