using System.CommandLine;
using System.Globalization;
using System.Text;
using AskBot.Cli.Errors;
using AskBot.Core.Evaluation.Perturbation;
using AskBot.Core.Indexing;

namespace AskBot.Cli.Commands;

/// <summary><c>askbot guard-check [--config FILE]</c>.</summary>
public static class GuardCheckCommand
{
    public static RootCommand AddGuardCheckCommand(this RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        var config = CommandLineExtensions.CreateConfigOption();
        var command = new Command(
            "guard-check",
            "Measure the grounding check on every sentence of the corpus and false versions made of each (negation, number, name, roles).")
        {
            config,
        };
        command.SetAction((parseResult, cancellationToken) => CliRunner.RunAsync<GuardCheckCommandHandler>(
            console,
            parseResult.GetValue(config),
            (handler, ct) => handler.RunAsync(ct),
            cancellationToken));
        root.Subcommands.Add(command);
        return root;
    }
}

/// <summary>Runs <see cref="GuardCheck"/> over the configured corpus and prints, per kind, what the check kept and caught.</summary>
public sealed class GuardCheckCommandHandler(ICorpusIndexProvider indexProvider, ICorpusIndexSource indexSource, GuardCheck check, CliConsole console)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await indexProvider.EnsureLoadedAsync(null, cancellationToken);
        var index = await indexSource.GetIndexAsync(cancellationToken);
        var report = check.Run(index.Chunks);
        await console.Out.WriteAsync(Render(report));
        await console.Out.FlushAsync(cancellationToken);
        return report.MeetsTargets ? ExitCodes.Success : ExitCodes.ThresholdMissed;
    }

    /// <summary>The table: true sentences kept, false versions caught per kind and overall, each against its target.</summary>
    public static string Render(GuardCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Grounding check on {report.Sentences} sentences of the corpus and their false versions\n");
        builder.Append(CultureInfo.InvariantCulture, $"  {"case",-22} {"right",13} {"share",6}  target\n");
        Row(builder, "true sentences kept", report.TrueKept, GuardCheckReport.MinTrueKept);
        foreach (var row in report.Kinds)
        {
            Row(builder, Name(row.Kind) + " caught", row, GuardCheckReport.MinCaughtPerKind);
        }

        Row(builder, "all false caught", report.FalseCaught, GuardCheckReport.MinFalseCaught);
        builder.Append(report.MeetsTargets ? "Targets: all met ✓\n" : "Targets: missed ✗\n");
        return builder.ToString();
    }

    private static void Row(StringBuilder builder, string label, GuardCheckRow row, double target)
    {
        var met = row.Cases == 0 || row.Rate >= target;
        var share = row.Cases == 0 ? "-" : row.Rate.ToString("0.000", CultureInfo.InvariantCulture);
        builder.Append(CultureInfo.InvariantCulture, $"  {label,-22} {row.Right + "/" + row.Cases,13} {share,6}  >= {target:0.00} {(met ? "✓" : "✗")}\n");
    }

    private static string Name(PerturbationKind? kind) => kind switch
    {
        PerturbationKind.NegationAdded => "negation added",
        PerturbationKind.NegationRemoved => "negation removed",
        PerturbationKind.NumberChanged => "number changed",
        PerturbationKind.NameSwapped => "name swapped",
        PerturbationKind.RolesSwapped => "roles swapped",
        _ => "false",
    };
}
