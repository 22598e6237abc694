using System.Collections.Frozen;

namespace AskBot.Core.Text;

/// <summary>
/// A few general English word families whose members news text uses interchangeably for the same fact
/// (killed / died / death toll; injured / wounded; leads / heads). General vocabulary, not tied to any corpus;
/// retrieval expands a query term to its family and the answerer counts a family member as a match.
/// </summary>
public sealed class WordFamilies
{
    private static readonly string[][] Families =
    [
        ["kill", "die", "dead", "death", "fatal", "fatality", "toll"],
        ["injure", "wound", "hurt"],
        ["lead", "leader", "head", "chief", "command", "commander"],
        ["found", "establish", "form"],
        ["fighter", "militant"],
    ];

    private readonly FrozenDictionary<string, FrozenSet<string>> families;

    public WordFamilies(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var map = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (var family in Families)
        {
            var stems = family.Select(analyzer.Stem).ToFrozenSet(StringComparer.Ordinal);
            foreach (var stem in stems)
            {
                map[stem] = stems;
            }
        }

        this.families = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The stemmed term's family, or just the term when it has none.</summary>
    public IReadOnlySet<string> Of(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return this.families.TryGetValue(term, out var family) ? family : FrozenSet.ToFrozenSet([term], StringComparer.Ordinal);
    }
}
