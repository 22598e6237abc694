using System.CommandLine;
using System.CommandLine.Invocation;
using AskBot.Cli.Errors;

namespace AskBot.Cli.Commands;

/// <summary>Options shared by the commands, and the invocation that maps parse errors to exit code 2.</summary>
public static class CommandLineExtensions
{
    /// <summary>A new <c>--config FILE</c> option (each command owns its own instance).</summary>
    public static Option<FileInfo?> CreateConfigOption() => new("--config")
    {
        Description = "A JSON settings file applied over appsettings.json, environment variables and user secrets.",
        HelpName = "FILE",
    };

    /// <summary>Adds a command whose only option is <c>--config</c> and whose action runs <typeparamref name="THandler"/>.</summary>
    public static RootCommand AddConfigOnlyCommand<THandler>(
        this RootCommand root,
        CliConsole console,
        string name,
        string description,
        Func<THandler, CancellationToken, Task<int>> run)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(root);
        var config = CreateConfigOption();
        var command = new Command(name, description) { config };
        command.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(console, parseResult.GetValue(config), run, cancellationToken));
        root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors go to stderr with exit code 2.</summary>
    public static async Task<int> InvokeWithExitCodesAsync(this RootCommand root, string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(console);
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            // System.CommandLine writes the help for a usage error to stdout and exits 1; a usage error is not
            // product output, and scripts rely on exit code 2 for it.
            await parseResult.InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error });
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }
}
