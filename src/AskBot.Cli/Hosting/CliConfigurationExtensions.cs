using System.Text.Json;
using AskBot.Cli.Errors;
using Microsoft.Extensions.Configuration;

namespace AskBot.Cli.Hosting;

/// <summary>The CLI's configuration layers, lowest precedence first.</summary>
public static class CliConfigurationExtensions
{
    /// <summary>File name of the settings file looked up in the working directory, then beside the executable.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>
    /// appsettings.json (working directory, else the app's folder), environment variables (<c>AskBot__Chat__MaxQuestionChars</c>),
    /// user secrets (optional), then <paramref name="configFile"/>.
    /// </summary>
    /// <exception cref="CliUsageException">A settings file is missing (for <paramref name="configFile"/>) or not valid JSON.</exception>
    public static IConfigurationBuilder AddAskBotCliConfiguration(this IConfigurationBuilder builder, FileInfo? configFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settingsFile = LocateSettingsFile();
        if (settingsFile is not null)
        {
            builder.AddJsonFileOrFail(settingsFile);
        }

        builder.AddEnvironmentVariables();
        builder.AddUserSecrets(typeof(CliConfigurationExtensions).Assembly, optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            if (!configFile.Exists)
            {
                throw new CliUsageException($"error: config file not found: {configFile.FullName}");
            }

            builder.AddJsonFileOrFail(configFile.FullName);
        }

        return builder;
    }

    private static string? LocateSettingsFile()
    {
        var candidates = new[]
        {
            Path.Combine(Directory.GetCurrentDirectory(), SettingsFileName),
            Path.Combine(AppContext.BaseDirectory, SettingsFileName),
        };
        return candidates.FirstOrDefault(File.Exists);
    }

    private static void AddJsonFileOrFail(this IConfigurationBuilder builder, string path)
    {
        // A ConfigurationManager loads a source as soon as it is added, so a bad file fails here; a plain builder
        // fails at Build(), which is also guarded by forcing a load now.
        try
        {
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
            if (builder is not IConfigurationRoot)
            {
                builder.Sources[^1].Build(builder).Load();
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or JsonException or IOException or UnauthorizedAccessException)
        {
            var reason = exception.InnerException?.Message ?? exception.Message;
            throw new CliUsageException($"error: cannot read config file {path}: {Output.TextSanitizer.SingleLine(reason)}", exception);
        }
    }
}
