using AskBot.Cli.Errors;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Tests.Unit;

/// <summary>Exceptions to exit codes and one-line messages.</summary>
public sealed class CliFailureTests
{
    [Fact]
    public void Out_of_range_setting_names_its_full_path()
    {
        var exception = ValidationFailure<ChatOptions>(ChatOptions.SectionName, "MaxQuestionChars", "0");

        var failure = CliFailure.From(exception, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, failure.ExitCode);
        Assert.Equal("error: invalid setting AskBot:Chat:MaxQuestionChars: must be between 1 and 100000", failure.Message);
    }

    [Fact]
    public void Unconvertible_enum_setting_lists_the_valid_values()
    {
        var exception = ValidationFailure<RetrievalOptions>(RetrievalOptions.SectionName, "Mode", "Bogus");

        var failure = CliFailure.From(exception, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, failure.ExitCode);
        Assert.Equal("error: invalid setting AskBot:Retrieval:Mode: must be one of Hybrid, Lexical, Vector", failure.Message);
    }

    [Fact]
    public void Missing_corpus_is_a_usage_error_with_its_message()
    {
        var failure = CliFailure.From(new CorpusNotFoundException("corpus folder not found: /nowhere"), CancellationToken.None);

        Assert.Equal(new CliFailure(ExitCodes.Usage, "error: corpus folder not found: /nowhere"), failure);
    }

    [Fact]
    public void Core_configuration_error_is_a_usage_error()
    {
        var failure = CliFailure.From(new AskBotConfigurationException("AskBot:Chat:PromptsPath", "folder not found"), CancellationToken.None);

        Assert.Equal(new CliFailure(ExitCodes.Usage, "error: invalid setting AskBot:Chat:PromptsPath: folder not found"), failure);
    }

    [Fact]
    public void Unexpected_exception_is_one_line_with_exit_1()
    {
        var failure = CliFailure.From(new IOException("disk\nfull"), CancellationToken.None);

        Assert.Equal(new CliFailure(ExitCodes.Unexpected, "error: unexpected IOException: disk full"), failure);
    }

    [Fact]
    public void Cancellation_requested_by_the_user_is_not_an_error_message()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var failure = CliFailure.From(new OperationCanceledException(cancelled.Token), cancelled.Token);

        Assert.Equal(ExitCodes.Cancelled, failure.ExitCode);
    }

    /// <summary>Produces the exception the real options pipeline throws for one bad value.</summary>
    private static Exception ValidationFailure<TOptions>(string section, string key, string value)
        where TOptions : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{section}:{key}"] = value })
            .Build();
        using var services = new ServiceCollection()
            .AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().Services
            .BuildServiceProvider();
        return Record.Exception(() => services.GetRequiredService<IOptions<TOptions>>().Value)!;
    }
}
