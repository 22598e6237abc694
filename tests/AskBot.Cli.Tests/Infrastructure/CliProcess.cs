using System.Diagnostics;
using System.Text;

namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>A running <c>dotnet askbot.dll ...</c> child process with captured output.</summary>
public sealed class CliProcess : IDisposable
{
    /// <summary>Generous: a cold index build on a slow CI machine takes seconds, never a minute.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Lock gate = new();
    private readonly TaskCompletionSource stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>Path of the CLI under test, built into this test project's output by the project reference.</summary>
    public static string AskBotDll => Path.Combine(AppContext.BaseDirectory, "askbot.dll");

    public int Id => this.process.Id;

    public string StdOut
    {
        get
        {
            lock (this.gate)
            {
                return this.stdout.ToString();
            }
        }
    }

    public string StdErr => this.StdErrSnapshot();

    public bool HasExited => this.process.HasExited;

    /// <summary>Runs the CLI to completion, feeding <paramref name="stdin"/> and then closing it (EOF).</summary>
    public static async Task<CliResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null,
        TimeSpan? timeout = null)
    {
        using var cli = Start(workingDirectory, args, environment);
        if (stdin is not null)
        {
            await cli.process.StandardInput.WriteAsync(stdin);
        }

        cli.process.StandardInput.Close();
        return await cli.WaitForExitAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Starts the CLI with stdin left open, for interactive tests.</summary>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(AskBotDll), $"askbot.dll not found at {AskBotDll}");
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AskBotDll);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // The developer's own overrides must not leak into the tests.
        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("AskBot__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(key);
            }
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli.stdout, e.Data, cli.stdoutClosed);
        process.ErrorDataReceived += (_, e) => cli.Append(cli.stderr, e.Data, cli.stderrClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public async Task WriteLineAsync(string line)
    {
        await this.process.StandardInput.WriteLineAsync(line);
        await this.process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForStdOutAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!this.StdOut.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !this.process.HasExited, $"stdout never showed '{text}':\n{this.StdOut}\n{this.stderr}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", this.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as a service manager (systemd, docker stop) does to stop a long-running command.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", this.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>True when SIGINT is ignored in the child (inherited from a non-interactive background shell), so Ctrl-C cannot be simulated.</summary>
    public bool IgnoresInterrupt()
    {
        var status = $"/proc/{this.Id}/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await this.process.WaitForExitAsync(cancellation.Token);
            await Task.WhenAll(this.stdoutClosed.Task, this.stderrClosed.Task).WaitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            this.process.Kill(entireProcessTree: true);
            Assert.Fail($"askbot did not exit within {timeout}:\n--- stdout ---\n{this.StdOut}\n--- stderr ---\n{this.StdErrSnapshot()}");
        }

        return new CliResult(this.process.ExitCode, this.StdOut, this.StdErrSnapshot());
    }

    public void Dispose()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
        }

        this.process.Dispose();
    }

    private string StdErrSnapshot()
    {
        lock (this.gate)
        {
            return this.stderr.ToString();
        }
    }

    private void Append(StringBuilder target, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (this.gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
