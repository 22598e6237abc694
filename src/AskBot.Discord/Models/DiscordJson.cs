using System.Text.Json;
using System.Text.Json.Serialization;

namespace AskBot.Discord.Models;

/// <summary>The one JSON shape Discord speaks: snake_case names, nulls left out, snowflakes as strings.</summary>
public static class DiscordJson
{
    /// <summary>Options for every Discord payload, read or written.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
