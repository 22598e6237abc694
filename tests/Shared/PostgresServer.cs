using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AskBot.Testing;

/// <summary>
/// A real PostgreSQL server for tests: <c>initdb</c> into a temp folder and <c>pg_ctl start</c> on a free loopback port
/// (trust authentication, user <c>askbot</c>), stopped and deleted on dispose. The server refuses to run as root, so as
/// root it runs as the <c>postgres</c> user through <c>runuser</c>. Missing binaries fail the tests with a message
/// saying so; they are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly string[] BinFolders = ["/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"];

    private readonly string root;
    private readonly string bin;

    private PostgresServer(string root, string bin, int port)
    {
        this.root = root;
        this.bin = bin;
        this.Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(this.root, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = BinFolders.FirstOrDefault(f => File.Exists(Path.Combine(f, "initdb")) && File.Exists(Path.Combine(f, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL 15 (initdb, pg_ctl) is not installed; the storage tests need a real server.");
        var root = Path.Combine(Path.GetTempPath(), "askbot-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (Environment.UserName == "root" && !OperatingSystem.IsWindows())
        {
            // The postgres user must own the data folder and reach the socket folder.
            File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("777", 8));
        }

        var server = new PostgresServer(root, bin, FreePort());
        try
        {
            await server.RunAsync("initdb", "-D", server.Data, "-U", "askbot", "--auth=trust", "-E", "UTF8", "--no-sync");
            await server.RunAsync(
                "pg_ctl",
                "-D",
                server.Data,
                "-l",
                Path.Combine(root, "server.log"),
                "-w",
                "-o",
                string.Create(CultureInfo.InvariantCulture, $"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"),
                "start");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={this.Port};Username=askbot;Database={database};Timeout=15;Maximum Pool Size=20");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "askbot_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(this.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync();
        return this.ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(this.Data))
            {
                await this.RunAsync("pg_ctl", "-D", this.Data, "-m", "immediate", "-w", "stop");
            }
        }
        catch (InvalidOperationException)
        {
            // Not running; the folder goes regardless.
        }

        try
        {
            Directory.Delete(this.root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string tool, params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(this.bin, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", Path.Combine(this.bin, tool) })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
