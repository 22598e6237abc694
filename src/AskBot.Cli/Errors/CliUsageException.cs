namespace AskBot.Cli.Errors;

/// <summary>A user error detected by the CLI itself; its message is shown as is and the exit code is <see cref="ExitCodes.Usage"/>.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
