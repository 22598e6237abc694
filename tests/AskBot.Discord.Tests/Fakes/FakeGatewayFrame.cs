using System.Text.Json;

namespace AskBot.Discord.Tests.Fakes;

/// <summary>One frame the client sent to <see cref="FakeGatewayServer"/>.</summary>
/// <param name="Connection">1-based number of the connection it came on.</param>
/// <param name="Op">The opcode.</param>
/// <param name="D">The <c>d</c> field (a clone; <see cref="JsonValueKind.Null"/> when null or absent).</param>
/// <param name="At">When it arrived, measured from the server's start.</param>
public sealed record FakeGatewayFrame(int Connection, int Op, JsonElement D, TimeSpan At)
{
    /// <summary>The <c>d</c> of a heartbeat as a sequence number, or null when the client sent <c>d:null</c>.</summary>
    public long? Sequence => this.D.ValueKind == JsonValueKind.Number ? this.D.GetInt64() : null;

    /// <summary>A string property of <c>d</c> (e.g. <c>session_id</c> of a Resume), or null.</summary>
    public string? String(string name) =>
        this.D.ValueKind == JsonValueKind.Object && this.D.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
