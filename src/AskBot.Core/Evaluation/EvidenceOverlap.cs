namespace AskBot.Core.Evaluation;

/// <summary>
/// Decides whether a cited quote and a gold evidence span are about the same text. Both are normalised with
/// <see cref="AnswerNormalizer.Normalize"/> first (as evidence hits are), then they overlap when one contains the
/// other or they share a substring of at least <see cref="MinSharedChars"/> characters. Pure.
/// </summary>
/// <remarks>
/// A citation quote is usually a whole chunk and a gold span one sentence, but chunk boundaries can cut a span in
/// two, so containment alone would miss a citation of half the evidence; 30 characters is about five words, long
/// enough that a shared stock phrase does not count.
/// </remarks>
internal static class EvidenceOverlap
{
    /// <summary>Shortest shared normalised substring that counts as an overlap when neither text contains the other.</summary>
    public const int MinSharedChars = 30;

    /// <summary>True when <paramref name="quote"/> and <paramref name="evidence"/> overlap (see the class remarks).</summary>
    public static bool Overlaps(string quote, string evidence)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(evidence);
        return OverlapsNormalized(AnswerNormalizer.Normalize(quote), AnswerNormalizer.Normalize(evidence));
    }

    /// <summary>True when <paramref name="quote"/> overlaps any of <paramref name="evidence"/>.</summary>
    public static bool OverlapsAny(string quote, IReadOnlyList<string> evidence)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Count == 0)
        {
            return false;
        }

        var normalized = AnswerNormalizer.Normalize(quote);
        return evidence.Any(e => OverlapsNormalized(normalized, AnswerNormalizer.Normalize(e ?? string.Empty)));
    }

    private static bool OverlapsNormalized(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (longer.Contains(shorter, StringComparison.Ordinal))
        {
            return true;
        }

        if (shorter.Length < MinSharedChars)
        {
            return false;
        }

        // Every shared substring of MinSharedChars or more contains a shared window of exactly that length.
        var windows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + MinSharedChars <= shorter.Length; i++)
        {
            windows.Add(shorter.Substring(i, MinSharedChars));
        }

        var lookup = windows.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i + MinSharedChars <= longer.Length; i++)
        {
            if (lookup.Contains(longer.AsSpan(i, MinSharedChars)))
            {
                return true;
            }
        }

        return false;
    }
}
