using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AskBot.Cli.Commands;

/// <summary>The edge: builds the host for a command, runs its handler, and turns every exception into an exit code and one message.</summary>
public static class CliRunner
{
    /// <summary>Runs <paramref name="run"/> on the <typeparamref name="THandler"/> resolved from a freshly built host.</summary>
    public static Task<int> RunAsync<THandler>(
        CliConsole console,
        FileInfo? configFile,
        Func<THandler, CancellationToken, Task<int>> run,
        CancellationToken cancellationToken)
        where THandler : notnull =>
        RunAsync(console, configFile, CliAdapters.None, run, cancellationToken);

    /// <summary>Runs <paramref name="run"/> on the <typeparamref name="THandler"/> resolved from a freshly built host that adds <paramref name="adapters"/>.</summary>
    public static Task<int> RunAsync<THandler>(
        CliConsole console,
        FileInfo? configFile,
        CliAdapters adapters,
        Func<THandler, CancellationToken, Task<int>> run,
        CancellationToken cancellationToken)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(
            console,
            configFile,
            settingOverrides: null,
            adapters,
            (services, ct) => run(services.GetRequiredService<THandler>(), ct),
            cancellationToken);
    }

    /// <summary>Runs <paramref name="run"/> with the services of a freshly built host.</summary>
    public static Task<int> RunAsync(
        CliConsole console,
        FileInfo? configFile,
        Func<IServiceProvider, CancellationToken, Task<int>> run,
        CancellationToken cancellationToken) =>
        RunAsync(console, configFile, settingOverrides: null, run, cancellationToken);

    /// <summary>
    /// Runs <paramref name="run"/> with the services of a freshly built host whose configuration has
    /// <paramref name="settingOverrides"/> laid over every other layer.
    /// </summary>
    public static Task<int> RunAsync(
        CliConsole console,
        FileInfo? configFile,
        IReadOnlyDictionary<string, string?>? settingOverrides,
        Func<IServiceProvider, CancellationToken, Task<int>> run,
        CancellationToken cancellationToken) =>
        RunAsync(console, configFile, settingOverrides, CliAdapters.None, run, cancellationToken);

    /// <summary>
    /// Runs <paramref name="run"/> with the services of a freshly built host that adds <paramref name="adapters"/> and
    /// lays <paramref name="settingOverrides"/> over every other configuration layer.
    /// </summary>
    public static async Task<int> RunAsync(
        CliConsole console,
        FileInfo? configFile,
        IReadOnlyDictionary<string, string?>? settingOverrides,
        CliAdapters adapters,
        Func<IServiceProvider, CancellationToken, Task<int>> run,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        CliFailure failure;
        IHost? host = null;
        try
        {
            host = CliHost.Build(console, configFile, settingOverrides, adapters);
            return await run(host.Services, cancellationToken);
        }
        catch (Exception exception)
        {
            failure = CliFailure.From(exception, cancellationToken);
            if (failure.ExitCode == ExitCodes.Unexpected && host is not null)
            {
                host.Services.GetRequiredService<ILoggerFactory>()
                    .CreateLogger(typeof(CliRunner).FullName!)
                    .LogDebug(exception, "Unexpected failure: {ExceptionType}", exception.GetType().Name);
            }
        }
        finally
        {
            // Disposing flushes the console logger, so warnings are printed before the error line.
            host?.Dispose();
        }

        await console.Error.WriteLineAsync(failure.Message);
        await console.Error.FlushAsync(CancellationToken.None);
        return failure.ExitCode;
    }
}
