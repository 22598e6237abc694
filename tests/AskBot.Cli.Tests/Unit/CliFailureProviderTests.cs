using AskBot.Cli.Errors;
using AskBot.Core.Answering;
using AskBot.Providers.OpenAI.Embeddings;

namespace AskBot.Cli.Tests.Unit;

/// <summary>LLM provider failures to exit codes and one-line messages.</summary>
public sealed class CliFailureProviderTests
{
    [Fact]
    public void Rejected_key_is_a_usage_error_naming_the_setting()
    {
        var exception = new ChatProviderAuthenticationException(
            "AskBot:Chat:ApiKey", "the chat provider rejected the API key (HTTP 401); set AskBot__Chat__ApiKey", null);

        var failure = CliFailure.From(exception, CancellationToken.None);

        Assert.Equal(
            new CliFailure(ExitCodes.Usage, "error: invalid setting AskBot:Chat:ApiKey: the chat provider rejected the API key (HTTP 401); set AskBot__Chat__ApiKey"),
            failure);
    }

    [Fact]
    public void Provider_failures_that_reach_the_edge_are_one_line_environment_errors()
    {
        var chat = CliFailure.From(new ChatProviderException("chat provider Ollama could not be reached (3 attempts)"), CancellationToken.None);
        var embeddings = CliFailure.From(new EmbeddingProviderException("embeddings provider OpenAI answered HTTP 500 after 3 attempts"), CancellationToken.None);

        Assert.Equal(new CliFailure(ExitCodes.Unexpected, "error: chat provider Ollama could not be reached (3 attempts)"), chat);
        Assert.Equal(new CliFailure(ExitCodes.Unexpected, "error: embeddings provider OpenAI answered HTTP 500 after 3 attempts"), embeddings);
    }
}
