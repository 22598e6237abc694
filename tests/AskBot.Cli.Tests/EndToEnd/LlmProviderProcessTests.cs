using System.Net;
using System.Text.Json;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot ask</c> with <c>AskBot:Chat:Provider=OpenAICompatible</c> against a fake OpenAI-compatible server, key from the environment.</summary>
public sealed class LlmProviderProcessTests
{
    private const string Secret = "sk-test-secret-value";

    [Fact]
    public async Task Ask_json_answers_through_the_configured_llm_and_never_prints_the_key()
    {
        using var server = FakeChatServer.Answering();
        using var workspace = TestWorkspace.Create();

        var result = await workspace.RunAsync(["ask", "Who leads ISIS-K?", "--json"], Environment(server));

        result.AssertExitCode(0).AssertNoStackTrace();
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal("OpenAICompatible", json.RootElement.GetProperty("provider").GetString());
        Assert.Contains("\"provider\":\"OpenAICompatible\"", result.StdOut.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("[1]", json.RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(json.RootElement.GetProperty("citations").EnumerateArray());
        Assert.NotEmpty(server.Authorizations);
        Assert.All(server.Authorizations, a => Assert.Equal("Bearer " + Secret, a));
        Assert.DoesNotContain(Secret, result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_exits_2_with_one_line_naming_AskBot_Chat_ApiKey()
    {
        using var server = FakeChatServer.Failing(HttpStatusCode.Unauthorized);
        using var workspace = TestWorkspace.Create();

        var result = await workspace.RunAsync(["ask", "Who leads ISIS-K?", "--json"], Environment(server));

        result.AssertExitCode(2).AssertNoStackTrace();
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("AskBot:Chat:ApiKey", line, StringComparison.Ordinal);
        Assert.Single(server.Authorizations);
        Assert.DoesNotContain(Secret, result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StdErr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(FakeChatServer server) => new()
    {
        ["AskBot__Chat__Provider"] = "OpenAICompatible",
        ["AskBot__Chat__Endpoint"] = server.V1,
        ["AskBot__Chat__Model"] = "fake-model",
        ["AskBot__Chat__ApiKey"] = Secret,
    };
}
