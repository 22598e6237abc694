namespace AskBot.Core.Retrieval;

/// <summary>
/// Lucene-style fuzzy term matching: a term of length ≥ 4 may differ by one edit (insert, delete, substitute
/// or swap adjacent letters), of length ≥ 8 by two. Shorter terms must match exactly.
/// </summary>
internal static class FuzzyTermMatcher
{
    /// <summary>Edits allowed for a term of this length.</summary>
    public static int MaxEdits(int length) => length >= 8 ? 2 : length >= 4 ? 1 : 0;

    /// <summary>Vocabulary terms within the allowed edit distance of <paramref name="term"/> (the term itself excluded), closest first.</summary>
    public static IReadOnlyList<string> Matches(string term, IEnumerable<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var maxEdits = MaxEdits(term.Length);
        if (maxEdits == 0 || term.Any(char.IsDigit))
        {
            // Numbers that differ by a digit are different facts, not typos.
            return [];
        }

        var matches = new List<(string Term, int Distance)>();
        foreach (var candidate in vocabulary)
        {
            if (Math.Abs(candidate.Length - term.Length) > maxEdits || string.Equals(candidate, term, StringComparison.Ordinal))
            {
                continue;
            }

            var distance = Distance(term, candidate, maxEdits);
            if (distance <= maxEdits)
            {
                matches.Add((candidate, distance));
            }
        }

        return matches.OrderBy(m => m.Distance).ThenBy(m => m.Term, StringComparer.Ordinal).Select(m => m.Term).ToList();
    }

    /// <summary>Optimal-string-alignment distance, or <paramref name="limit"/> + 1 once it must exceed the limit.</summary>
    public static int Distance(string a, string b, int limit)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        // A query's unknown word is compared with thousands of vocabulary words: three rows on the stack instead of
        // three arrays per comparison.
        var width = b.Length + 1;
        var rows = width <= 64 ? stackalloc int[3 * width] : new int[3 * width];
        var previous2 = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return Math.Min(previous[b.Length], limit + 1);
    }
}
