using System.Text.RegularExpressions;

namespace AskBot.Core.Tests.ProductCode;

/// <summary>
/// Answers must generalise to corpora nobody here has seen, so product code holds no word, name or rule that exists for
/// the seeds or the Normans set: not in a rule, a list, an example or a comment.
/// </summary>
public sealed class NoCorpusKnowledgeTests
{
    // Distinctive words of the two corpora: their proper names and topic words, not general English.
    private static readonly string[] CorpusWords =
    [
        "Crocus", "Krasnogorsk", "Khorasan", "ISIS", "ISIS-K", "ISKP", "IS-K", "ISIL", "ISIL-K", "Daesh", "Ghafari", "Sanaullah",
        "Tajik", "Tajiks", "Tajikistan", "Kerman", "Kabul", "Kandahar", "Soufan", "Picnic", "Piknik", "gunman", "gunmen", "militant",
        "militants", "death toll", "concert hall", "Putin", "Moscow", "Kremlin", "Nangarhar", "Kunar", "Soleimani", "Qassem",
        "Byman", "Kugelman", "Kurilla", "Clarke", "Mirzoyev", "Taliban", "Chechnya", "Chechen", "Kyiv", "Ukraine", "Lukashenko",
        "al-Qaida", "al-Qaeda", "Islamic State",
        "Norman", "Normans", "Normandy", "Rollo", "Bohemond", "Guiscard", "Hastings", "Byzantine", "Byzantines", "Dyrrachium",
        "Antioch", "Sicily", "Viking", "Vikings", "Bayeux", "Seine", "Conqueror", "Amalfi", "Bethencourt", "Rhine",
    ];

    private static readonly Regex Pattern = new(
        @"(?<![\p{L}\p{N}-])(?:" + string.Join('|', CorpusWords.Select(Regex.Escape)) + @")(?![\p{L}\p{N}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [Fact]
    public void ProductSource_NamesNoWordOfTheCorpora()
    {
        var pattern = Pattern;
        var source = Path.Combine(RepoPaths.Root, "src");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetExtension(f) is ".cs" or ".json" or ".txt" or ".csproj")
            .ToList();

        var hits = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => pattern.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, l.File)}:{l.Line}: {pattern.Match(l.Text).Value}")
            .ToList();

        Assert.True(files.Count > 50, "the scan found the product source");
        Assert.True(hits.Count == 0, "corpus words in product code:\n" + string.Join('\n', hits));
    }

    [Fact]
    public void Scan_FindsPlantedCorpusWordsButNotLookalikes()
    {
        Assert.Matches(Pattern, "if (word == \"normandy\") { }");
        Assert.Matches(Pattern, "// the death  toll".Replace("  ", " ", StringComparison.Ordinal));
        Assert.Matches(Pattern, "[\"gunmen\", \"attackers\"]");
        Assert.DoesNotMatch(Pattern, "abnormandyx, pictures, cashisk");
    }
}
