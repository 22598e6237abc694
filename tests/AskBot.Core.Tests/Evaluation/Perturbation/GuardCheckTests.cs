using System.Text;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Evaluation.Perturbation;
using AskBot.Core.Tests.TestSupport;
using AskBot.Core.Text;
using Xunit.Abstractions;

namespace AskBot.Core.Tests.Evaluation.Perturbation;

public sealed class GuardCheckTests(ITestOutputHelper output)
{
    private const double MinTrueKept = GuardCheckReport.MinTrueKept;
    private const double MinFalseCaught = GuardCheckReport.MinFalseCaught;
    private const double MinCaughtPerKind = GuardCheckReport.MinCaughtPerKind;

    private readonly TermAnalyzer analyzer = new();

    public static TheoryData<string> Corpora => new() { "seeds", "normans" };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void EverySentenceAndItsGeneratedFalseVersions_TrueKeptAndFalseCaughtMeetTheTargets(string corpus)
    {
        var chunks = ChunksOf(corpus);
        var report = new GuardCheck(new SupportChecker(this.analyzer), new ClaimPerturber(this.analyzer)).Run(chunks);

        output.WriteLine($"{corpus}: {report.Sentences} sentences; true kept {report.TrueKept.Right}/{report.TrueKept.Cases} = {report.TrueKept.Rate:0.000}; false caught {report.FalseCaught.Right}/{report.FalseCaught.Cases} = {report.FalseCaught.Rate:0.000}");
        foreach (var example in report.TrueKept.Examples)
        {
            output.WriteLine($"  dropped true: {example}");
        }

        foreach (var row in report.Kinds)
        {
            output.WriteLine($"  {row.Kind}: {row.Right}/{row.Cases} = {row.Rate:0.000}");
            foreach (var example in row.Examples)
            {
                output.WriteLine($"    missed: {example}");
            }
        }

        Assert.True(report.Sentences > 100, $"only {report.Sentences} sentences were read");
        Assert.True(report.TrueKept.Rate >= MinTrueKept, $"true kept {report.TrueKept.Rate:0.000} < {MinTrueKept}");
        Assert.True(report.FalseCaught.Rate >= MinFalseCaught, $"false caught {report.FalseCaught.Rate:0.000} < {MinFalseCaught}");
        Assert.All(report.Kinds, row =>
        {
            Assert.True(row.Cases >= 10, $"{row.Kind}: only {row.Cases} cases");
            Assert.True(row.Rate >= MinCaughtPerKind, $"{row.Kind}: caught {row.Rate:0.000} < {MinCaughtPerKind}");
        });
    }

    private static List<Chunk> ChunksOf(string corpus)
    {
        var folder = corpus == "seeds"
            ? IngestionSeeds.SeedsPath
            : Path.Combine(RepoPaths.Root, "..", "shared", "eval", "squad-normans", "corpus");
        return Directory.GetFiles(folder, "*.txt")
            .Order(StringComparer.Ordinal)
            .Select(path => new SourceDocument(Path.GetFileNameWithoutExtension(path), path, File.ReadAllText(path, Encoding.UTF8)))
            .SelectMany(d => IngestionSeeds.Chunks(d))
            .ToList();
    }
}
