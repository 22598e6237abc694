using AskBot.Cli.Commands;
using AskBot.Core.Hosting;
using AskBot.Discord.Hosting;
using AskBot.Documents;
using AskBot.Providers.Onnx;
using AskBot.Providers.OpenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Hosting;

/// <summary>Builds the Generic Host for one command: configuration layers, stderr logging, the Core pipeline and the command handlers.</summary>
public static class CliHost
{
    /// <summary>Builds the host and validates every setting, so a bad setting fails before any work starts.</summary>
    /// <exception cref="Errors.CliUsageException">A config file is missing or unreadable.</exception>
    /// <exception cref="OptionsValidationException">A setting is out of range.</exception>
    /// <exception cref="InvalidOperationException">A setting cannot be converted to its type.</exception>
    /// <param name="console">The process console.</param>
    /// <param name="configFile">The <c>--config</c> file, if any.</param>
    /// <param name="settingOverrides">Settings a command's own flags imply (e.g. <c>eval --retriever</c>), laid over every other layer.</param>
    /// <param name="adapters">The adapters the command uses; the settings of any other adapter are neither read nor validated.</param>
    public static IHost Build(
        CliConsole console,
        FileInfo? configFile,
        IReadOnlyDictionary<string, string?>? settingOverrides = null,
        CliAdapters adapters = CliAdapters.None) =>
        Build(console, configFile, settingOverrides, adapters, configureServices: null);

    /// <summary>Builds the host like <see cref="Build(CliConsole, FileInfo?, IReadOnlyDictionary{string, string?}?, CliAdapters)"/>, then lets a test add services (e.g. an in-memory exporter) last.</summary>
    internal static IHost Build(
        CliConsole console,
        FileInfo? configFile,
        IReadOnlyDictionary<string, string?>? settingOverrides,
        CliAdapters adapters,
        Action<IServiceCollection>? configureServices)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "askbot",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.AddAskBotCliConfiguration(configFile);
        if (settingOverrides is { Count: > 0 })
        {
            builder.Configuration.AddInMemoryCollection(settingOverrides);
        }

        builder.Logging.AddAskBotCliLogging(builder.Configuration);
        builder.Services
            .AddAskBotCore(builder.Configuration)
            .AddAskBotOnnxEmbeddings()
            .AddAskBotDocuments()
            .AddAskBotOpenAIProviders()
            .AddAskBotStorage(builder.Configuration)
            .AddAskBotCli(console, adapters)
            .AddAskBotOpenTelemetry(builder.Configuration);
        if (adapters.HasFlag(CliAdapters.Discord))
        {
            builder.Services.AddAskBotDiscord(builder.Configuration);
        }

        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            host.Services.StartAskBotOpenTelemetry();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>Console logging to stderr only, at Warning unless <c>Logging:LogLevel</c> says otherwise.</summary>
    /// <exception cref="Errors.CliUsageException">A <c>Logging:…:LogLevel</c> value is not a log level.</exception>
    public static ILoggingBuilder AddAskBotCliLogging(this ILoggingBuilder logging, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        EnsureLogLevels(configuration.GetSection("Logging"));
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddConsole(options =>
        {
            options.FormatterName = CliLogFormatter.FormatterName;
            options.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<CliLogFormatter, ConsoleFormatterOptions>();
        return logging;
    }

    /// <summary>Registers the console and the handlers of the commands that <paramref name="adapters"/> can serve.</summary>
    public static IServiceCollection AddAskBotCli(this IServiceCollection services, CliConsole console, CliAdapters adapters = CliAdapters.None)
    {
        services.AddSingleton(console);
        services.AddTransient<AskCommandHandler>();
        services.AddTransient<ChatCommandHandler>();
        services.AddTransient<IndexCommandHandler>();
        services.AddTransient<EvalCommandHandler>();
        services.AddTransient<GuardCheckCommandHandler>();
        if (adapters.HasFlag(CliAdapters.Discord))
        {
            services.AddTransient<DiscordCommandHandler>();
            services.AddHostedService<CorpusWatcherService>();
            services.AddTransient<FeedbackExportCommandHandler>();
            services.AddTransient<FeedbackPurgeCommandHandler>();
        }

        return services;
    }

    /// <summary>
    /// The logging filter rejects an unknown level only when the first logger is created, as an
    /// <see cref="InvalidOperationException"/> that names neither the setting nor the choices; checked here instead.
    /// </summary>
    private static void EnsureLogLevels(IConfigurationSection logging)
    {
        foreach (var (key, value) in logging.AsEnumerable())
        {
            // Logging:LogLevel:<category> and Logging:<provider>:LogLevel:<category> are the keys the filter reads.
            var segments = key.Split(':');
            var isLevel = segments.Length is 3 or 4 && string.Equals(segments[^2], "LogLevel", StringComparison.OrdinalIgnoreCase);
            if (!isLevel || string.IsNullOrEmpty(value) || Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
            {
                continue;
            }

            throw new Errors.CliUsageException(
                $"error: invalid setting {Output.TextSanitizer.SingleLine(key)}: '{Output.TextSanitizer.SingleLine(value)}' is not one of {string.Join(", ", Enum.GetNames<LogLevel>())}");
        }
    }
}
