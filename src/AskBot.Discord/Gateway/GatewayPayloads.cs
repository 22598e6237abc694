using System.Text.Json.Serialization;

namespace AskBot.Discord.Gateway;

/// <summary>Gateway opcodes the client sends or handles.</summary>
internal static class GatewayOpcodes
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>Gateway close codes that decide what happens next.</summary>
internal static class GatewayCloseCodes
{
    public const int UnknownError = 4000;
    public const int NotAuthenticated = 4003;
    public const int AuthenticationFailed = 4004;
    public const int InvalidSeq = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;
}

/// <summary>A frame the client sends. <c>d</c> is written even when null: a first heartbeat is <c>{"op":1,"d":null}</c>.</summary>
internal sealed record GatewayPayload(int Op, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? D);

/// <summary>The <c>d</c> of Identify (op 2).</summary>
internal sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties)
{
    /// <summary><c>[shard_id, num_shards]</c> of a sharded bot; left out for an unsharded one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? Shard { get; init; }
}

/// <summary>Connection properties of Identify; the <c>$os</c>-style names are deprecated.</summary>
internal sealed record IdentifyProperties(string Os, string Browser, string Device);

/// <summary>The <c>d</c> of Resume (op 6).</summary>
internal sealed record ResumeData(string Token, string SessionId, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Seq);
