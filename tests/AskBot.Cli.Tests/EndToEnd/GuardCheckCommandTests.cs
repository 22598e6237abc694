using System.Globalization;
using System.Text.RegularExpressions;
using AskBot.Cli.Tests.Infrastructure;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary><c>askbot guard-check</c>: the grounding check measured on the corpus's sentences and their false versions.</summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed partial class GuardCheckCommandTests(IndexedCorpusFixture fixture)
{
    private static readonly string[] Rows =
    [
        "true sentences kept", "negation added caught", "negation removed caught", "number changed caught", "name swapped caught",
        "roles swapped caught", "all false caught",
    ];

    [Fact]
    public async Task On_the_seeds_every_kind_is_measured_against_its_target_and_all_are_met()
    {
        var result = await fixture.Workspace.RunAsync("guard-check");

        result.AssertExitCode(0).AssertNoStackTrace();
        foreach (var row in Rows)
        {
            var match = Assert.Single(RowRegex().Matches(result.StdOut), m => m.Groups["label"].Value == row);
            var right = int.Parse(match.Groups["right"].Value, CultureInfo.InvariantCulture);
            var cases = int.Parse(match.Groups["cases"].Value, CultureInfo.InvariantCulture);
            Assert.True(cases >= 10, $"{row}: only {cases} cases");
            Assert.InRange(right, 0, cases);
            Assert.Equal("✓", match.Groups["met"].Value);
        }

        Assert.Contains("Targets: all met ✓", result.StdOut, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^  (?<label>[a-z ]+?)\s+(?<right>\d+)/(?<cases>\d+)\s+[\d.]+\s+>= [\d.]+ (?<met>[✓✗])$", RegexOptions.Multiline)]
    private static partial Regex RowRegex();
}
