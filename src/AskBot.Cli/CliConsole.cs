namespace AskBot.Cli;

/// <summary>The streams the CLI talks through and whether each is a terminal; injectable so the REPL can be tested in-process.</summary>
public sealed class CliConsole
{
    private const int MaxWidth = 100;
    private const int MinWidth = 40;

    public CliConsole(TextReader input, TextWriter output, TextWriter error, bool isInputTerminal, bool isOutputTerminal, bool isErrorTerminal, int width)
    {
        this.In = input;
        this.Out = output;
        this.Error = error;
        this.IsInputTerminal = isInputTerminal;
        this.IsOutputTerminal = isOutputTerminal;
        this.IsErrorTerminal = isErrorTerminal;
        this.Width = Math.Clamp(width, MinWidth, MaxWidth);
    }

    /// <summary>Standard input.</summary>
    public TextReader In { get; }

    /// <summary>Standard output: the product's output only.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: errors, warnings and progress.</summary>
    public TextWriter Error { get; }

    public bool IsInputTerminal { get; }

    public bool IsOutputTerminal { get; }

    public bool IsErrorTerminal { get; }

    /// <summary>Column at which text is wrapped.</summary>
    public int Width { get; }

    /// <summary>The process console.</summary>
    public static CliConsole FromSystemConsole()
    {
        var outputIsTerminal = !Console.IsOutputRedirected;
        return new CliConsole(
            Console.In,
            Console.Out,
            Console.Error,
            !Console.IsInputRedirected,
            outputIsTerminal,
            !Console.IsErrorRedirected,
            outputIsTerminal ? TerminalWidth() : MaxWidth);
    }

    /// <summary>An in-memory console (never a terminal), for tests.</summary>
    public static CliConsole ForText(TextReader input, TextWriter output, TextWriter error) =>
        new(input, output, error, isInputTerminal: false, isOutputTerminal: false, isErrorTerminal: false, MaxWidth);

    private static int TerminalWidth()
    {
        try
        {
            var width = Console.WindowWidth;
            return width > 0 ? width - 1 : MaxWidth;
        }
        catch (IOException)
        {
            return MaxWidth;
        }
    }
}
