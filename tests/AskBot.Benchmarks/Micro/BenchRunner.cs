using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace AskBot.Benchmarks.Micro;

/// <summary>Runs the BenchmarkDotNet classes of this assembly with the given BenchmarkDotNet arguments.</summary>
internal static class BenchRunner
{
    public static int Run(string[] args)
    {
        // In-process by default: BenchmarkDotNet's default toolchain would generate and build a project inside the
        // repository, where Directory.Build.props turns its generated code's warnings into errors.
        var toolchainChosen = args.Any(a => a is "--inProcess" or "-i" or "--runtimes" or "-r" or "--toolchain");
        var effective = toolchainChosen ? args : [.. args, "--inProcess"];
        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(RepoPaths.Root, "artifacts", "benchmarks"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchRunner).Assembly).Run(effective, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
