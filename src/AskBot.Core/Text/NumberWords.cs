using System.Collections.Frozen;

namespace AskBot.Core.Text;

/// <summary>Numbers written as English words ("two" = 2). General English only.</summary>
internal static class NumberWords
{
    /// <summary>Words that name one number exactly ("one" is left out: it is more often "one of the …" than a count).</summary>
    public static FrozenDictionary<string, decimal> Exact { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["thirteen"] = 13,
        ["fourteen"] = 14,
        ["fifteen"] = 15,
        ["sixteen"] = 16,
        ["seventeen"] = 17,
        ["eighteen"] = 18,
        ["nineteen"] = 19,
        ["twenty"] = 20,
        ["thirty"] = 30,
        ["forty"] = 40,
        ["fifty"] = 50,
        ["sixty"] = 60,
        ["seventy"] = 70,
        ["eighty"] = 80,
        ["ninety"] = 90,
        ["hundred"] = 100,
        ["thousand"] = 1000,
        ["dozen"] = 12,
        ["million"] = 1_000_000,
        ["billion"] = 1_000_000_000,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The exact words and plurals that state an order of magnitude ("hundreds" ≈ 200).</summary>
    public static FrozenDictionary<string, decimal> WithApproximate { get; } = Exact
        .Concat(new Dictionary<string, decimal>
        {
            ["dozens"] = 24,
            ["hundreds"] = 200,
            ["thousands"] = 2000,
            ["millions"] = 2_000_000,
        })
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
