using System.CommandLine;
using System.CommandLine.Invocation;
using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using AskBot.Cli.Output;

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

    /// <summary>Adds a command whose only option is <c>--config</c> and whose action runs <typeparamref name="THandler"/> in a host with <paramref name="adapters"/>.</summary>
    public static RootCommand AddConfigOnlyCommand<THandler>(
        this RootCommand root,
        CliConsole console,
        string name,
        string description,
        Func<THandler, CancellationToken, Task<int>> run,
        CliAdapters adapters = CliAdapters.None)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(root);
        var config = CreateConfigOption();
        var command = new Command(name, description) { config };
        command.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync(console, parseResult.GetValue(config), adapters, run, cancellationToken));
        root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors go to stderr with exit code 2.</summary>
    public static async Task<int> InvokeWithExitCodesAsync(this RootCommand root, string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(console);
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction && UnknownCommand(root, parseResult, args) is { } unknown)
        {
            // System.CommandLine answers a mistyped command with a page of suggestions, errors and help; one line says it all.
            await console.Error.WriteLineAsync(unknown);
            await console.Error.FlushAsync(CancellationToken.None);
            return ExitCodes.Usage;
        }

        if (parseResult.Action is ParseErrorAction)
        {
            // System.CommandLine writes the help for a usage error to stdout and exits 1; a usage error is not
            // product output, and scripts rely on exit code 2 for it.
            await parseResult.InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error });
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }

    /// <summary>The one-line error for a first word that names no command, or null when the error is something else.</summary>
    private static string? UnknownCommand(RootCommand root, ParseResult parseResult, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || parseResult.CommandResult.Command != root)
        {
            return null;
        }

        var word = args[0];
        var shown = TextSanitizer.SingleLine(word);
        var names = root.Subcommands.Where(command => !command.Hidden).Select(command => command.Name).ToList();
        var nearest = names
            .Select(name => (Name: name, Distance: EditDistance(word.ToUpperInvariant(), name.ToUpperInvariant())))
            .OrderBy(candidate => candidate.Distance)
            .First();

        // Beyond about half the word, the nearest name is a guess that would only mislead.
        return nearest.Distance <= Math.Max(2, word.Length / 2)
            ? $"error: unknown command '{shown}'; did you mean '{nearest.Name}'?"
            : $"error: unknown command '{shown}'; commands: {string.Join(", ", names)}";
    }

    /// <summary>Levenshtein distance, with a swap of two neighbours counting as one edit (the commonest typo).</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1][];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i] = new int[b.Length + 1];
            d[i][0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0][j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = Math.Min(Math.Min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i][j] = Math.Min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }

        return d[a.Length][b.Length];
    }
}
