using System.Reflection;
using System.Text.RegularExpressions;
using AskBot.Cli.Output;
using AskBot.Core.Answering;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Discord.Gateway;
using AskBot.Discord.Rest;
using AskBot.Providers.OpenAI.Embeddings;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Errors;

/// <summary>What the process reports for an exception: an exit code and the line(s) for stderr.</summary>
public sealed partial record CliFailure(int ExitCode, string Message)
{
    /// <summary>Translates any exception into an exit code and a message without a stack trace.</summary>
    public static CliFailure From(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case CliUsageException usage:
                return new CliFailure(ExitCodes.Usage, usage.Message);
            case OptionsValidationException validation:
                return new CliFailure(ExitCodes.Usage, DescribeValidation(validation));
            case AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException):
                return new CliFailure(
                    ExitCodes.Usage,
                    string.Join(Environment.NewLine, aggregate.InnerExceptions.Cast<OptionsValidationException>().Select(DescribeValidation)));
            case InvalidOperationException binding when BindingFailure.TryParse(binding.Message, out var failure):
                return new CliFailure(ExitCodes.Usage, failure);
            case AskBotConfigurationException configuration:
                return new CliFailure(ExitCodes.Usage, "error: " + OneLine(configuration.Message));
            case CorpusNotFoundException notFound:
                return new CliFailure(ExitCodes.Usage, "error: " + OneLine(notFound.Message));
            case EmptyCorpusException empty:
                return new CliFailure(ExitCodes.Usage, "error: " + OneLine(empty.Message));
            case InvalidQuestionException invalid:
                return new CliFailure(ExitCodes.Usage, "error: " + OneLine(invalid.Message));
            case ChatProviderAuthenticationException authentication:
                return new CliFailure(
                    ExitCodes.Usage,
                    string.IsNullOrEmpty(authentication.SettingPath)
                        ? "error: " + OneLine(authentication.Message)
                        : $"error: invalid setting {authentication.SettingPath}: {OneLine(authentication.Message)}");
            case ChatProviderException provider:
                return new CliFailure(ExitCodes.Unexpected, "error: " + OneLine(provider.Message));
            case EmbeddingProviderException embeddings:
                return new CliFailure(ExitCodes.Unexpected, "error: " + OneLine(embeddings.Message));
            case DiscordUnauthorizedException unauthorized:
                return new CliFailure(ExitCodes.Usage, "error: invalid setting AskBot:Discord:Token: " + OneLine(unauthorized.Message));
            case DiscordGatewayFatalException { CloseCode: 4004 } rejected:
                return new CliFailure(ExitCodes.Usage, "error: invalid setting AskBot:Discord:Token: " + OneLine(rejected.Message));
            case DiscordGatewayFatalException fatal:
                return new CliFailure(ExitCodes.BotStopped, "error: " + OneLine(fatal.Message));
            case DiscordRestException rest:
                return new CliFailure(ExitCodes.Unexpected, "error: " + OneLine(rest.Message));
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return new CliFailure(ExitCodes.Cancelled, "cancelled");
            default:
                return new CliFailure(ExitCodes.Unexpected, $"error: unexpected {exception.GetType().Name}: {OneLine(exception.Message)}");
        }
    }

    private static string DescribeValidation(OptionsValidationException exception)
    {
        var section = exception.OptionsType
            .GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?
            .GetRawConstantValue() as string;
        var lines = exception.Failures
            .Select(failure => DataAnnotationFailure.Describe(section, failure))
            .Distinct(StringComparer.Ordinal);
        return string.Join(Environment.NewLine, lines);
    }

    private static string OneLine(string text) => TextSanitizer.SingleLine(text);

    /// <summary>Reads the messages of <c>ValidateDataAnnotations</c>, which name the member but not the section.</summary>
    private static partial class DataAnnotationFailure
    {
        public static string Describe(string? section, string failure)
        {
            var match = FailurePattern().Match(failure);
            if (!match.Success)
            {
                var prefix = section is null ? "error: invalid settings: " : $"error: invalid settings in {section}: ";
                return prefix + OneLine(failure);
            }

            var member = match.Groups["member"].Value.Split(',')[0].Trim();
            var problem = match.Groups["error"].Value.TrimEnd('.');
            problem = problem
                .Replace($"The field {member} ", string.Empty, StringComparison.Ordinal)
                .Replace($"The {member} field ", string.Empty, StringComparison.Ordinal);
            var path = section is null ? member : $"{section}:{member}";
            return $"error: invalid setting {path}: {OneLine(problem)}";
        }

        [GeneratedRegex(@"members: '(?<member>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
        private static partial Regex FailurePattern();
    }

    /// <summary>Reads the configuration binder's conversion failure, which names the setting path and target type.</summary>
    private static partial class BindingFailure
    {
        public static bool TryParse(string message, out string description)
        {
            var match = BinderPattern().Match(message);
            if (!match.Success)
            {
                description = string.Empty;
                return false;
            }

            var path = match.Groups["path"].Value;
            var typeName = match.Groups["type"].Value;
            var type = typeof(CorpusNotFoundException).Assembly.GetType(typeName) ?? Type.GetType(typeName);
            var expected = type is { IsEnum: true }
                ? "must be one of " + string.Join(", ", Enum.GetNames(type))
                : $"'{OneLine(match.Groups["value"].Value)}' is not a valid {type?.Name ?? typeName}";
            description = $"error: invalid setting {path}: {expected}";
            return true;
        }

        [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
        private static partial Regex BinderPattern();
    }
}
