namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>What one run of the real <c>askbot</c> process produced.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>The first frame line of a .NET stack trace.</summary>
    public const string StackTraceMarker = "   at ";

    /// <summary>Fails when stderr carries a stack trace: users get one-line messages only.</summary>
    public CliResult AssertNoStackTrace()
    {
        Assert.DoesNotContain(StackTraceMarker, this.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(StackTraceMarker, this.StdOut, StringComparison.Ordinal);
        return this;
    }

    /// <summary>Fails with both streams in the message when the exit code differs.</summary>
    public CliResult AssertExitCode(int expected)
    {
        Assert.True(
            this.ExitCode == expected,
            $"expected exit code {expected}, got {this.ExitCode}\n--- stdout ---\n{this.StdOut}\n--- stderr ---\n{this.StdErr}");
        return this;
    }

    public override string ToString() => $"exit {this.ExitCode}\n--- stdout ---\n{this.StdOut}\n--- stderr ---\n{this.StdErr}";
}
