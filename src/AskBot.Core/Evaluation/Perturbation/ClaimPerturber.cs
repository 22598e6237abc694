using System.Globalization;
using System.Text.RegularExpressions;
using AskBot.Core.Text;

namespace AskBot.Core.Evaluation.Perturbation;

/// <summary>The ways a true sentence is made false.</summary>
public enum PerturbationKind
{
    /// <summary>"not" added after the first auxiliary verb ("was" → "was not").</summary>
    NegationAdded,

    /// <summary>The sentence's "not", "n't" or "never" removed.</summary>
    NegationRemoved,

    /// <summary>A number changed to one the passage does not state.</summary>
    NumberChanged,

    /// <summary>A name replaced by another name, from the same passage where it has one.</summary>
    NameSwapped,

    /// <summary>Two names the sentence relates swapped (subject and object).</summary>
    RolesSwapped,
}

/// <summary>A false version of a true sentence.</summary>
/// <param name="Kind">How it was made false.</param>
/// <param name="Text">The false sentence.</param>
public sealed record PerturbedClaim(PerturbationKind Kind, string Text);

/// <summary>
/// Makes false versions of a sentence by rule, one per <see cref="PerturbationKind"/> that applies, so the grounding
/// check can be measured on every sentence of a corpus rather than on hand-picked cases. General English only.
/// </summary>
public sealed partial class ClaimPerturber
{
    private static readonly string[] NumberNames =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "in", "on", "at", "but", "and", "or", "it", "he", "she", "they", "we", "i", "this", "that", "these",
        "those", "his", "her", "its", "their", "our", "there", "as", "if", "when", "while", "after", "before", "for", "from",
        "with", "by", "of", "to", "so", "yet", "not", "no", "some", "many", "most", "all", "one", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    };

    private readonly TermAnalyzer analyzer;

    public ClaimPerturber(TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
    }

    /// <summary>The names of <paramref name="text"/>: runs of capitalised words that do not open a sentence.</summary>
    public static IReadOnlyList<string> Names(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new List<string>();
        foreach (Match m in NameRunRegex().Matches(text))
        {
            // "U.S." keeps its dots; a sentence's full stop after a name is not part of it.
            var run = m.Value.EndsWith('.') && m.Value.Count(c => c == '.') == 1 ? m.Value[..^1] : m.Value;
            var words = run.Split(' ');
            var start = m.Index;
            var skip = 0;

            // A run that opens a sentence may start with an ordinary capitalised word ("Then Smith …").
            while (skip < words.Length && (IsSentenceStart(text, start) || NotNames.Contains(words[skip])))
            {
                start += words[skip].Length + 1;
                skip++;
            }

            if (skip < words.Length)
            {
                names.Add(string.Join(' ', words[skip..]));
            }
        }

        return names;
    }

    /// <summary>
    /// The false versions of <paramref name="sentence"/> (a sentence of <paramref name="passage"/>); a swapped-in name
    /// comes from the passage where it has another, else from <paramref name="otherNames"/>.
    /// </summary>
    public IReadOnlyList<PerturbedClaim> Perturb(string sentence, string passage, IReadOnlyList<string> otherNames, Random random)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(otherNames);
        ArgumentNullException.ThrowIfNull(random);
        var results = new List<PerturbedClaim>();
        Add(results, PerturbationKind.NegationAdded, AddNegation(sentence));
        Add(results, PerturbationKind.NegationRemoved, RemoveNegation(sentence));
        Add(results, PerturbationKind.NumberChanged, ChangeNumber(sentence, passage));
        var names = Names(sentence);
        Add(results, PerturbationKind.NameSwapped, SwapName(sentence, names, passage, otherNames, random));
        Add(results, PerturbationKind.RolesSwapped, this.SwapRoles(sentence, names));
        return results;
    }

    private static void Add(List<PerturbedClaim> results, PerturbationKind kind, string? text)
    {
        if (text is not null)
        {
            results.Add(new PerturbedClaim(kind, text));
        }
    }

    private static string? AddNegation(string sentence)
    {
        if (NegationRegex().IsMatch(sentence))
        {
            return null;
        }

        var auxiliary = AuxiliaryRegex().Match(sentence);
        return auxiliary.Success ? sentence.Insert(auxiliary.Index + auxiliary.Length, " not") : null;
    }

    private static string? RemoveNegation(string sentence)
    {
        var m = NegationRegex().Match(sentence);
        if (!m.Success)
        {
            return null;
        }

        var word = m.Value.ToLowerInvariant();
        var replacement = word switch
        {
            "won't" or "won’t" => "will",
            "can't" or "can’t" or "cannot" => "can",
            _ when word.EndsWith("n't", StringComparison.Ordinal) || word.EndsWith("n’t", StringComparison.Ordinal) => m.Value[..^3],
            _ => string.Empty,
        };
        var removed = sentence[..m.Index] + replacement + sentence[(m.Index + m.Length)..];
        return SpaceRegex().Replace(removed, " ");
    }

    private static string? ChangeNumber(string sentence, string passage)
    {
        var m = DigitsRegex().Match(sentence);
        if (m.Success)
        {
            var value = long.Parse(m.Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var year = value is >= 1000 and <= 2100 && !m.Value.Contains(',', StringComparison.Ordinal);
            var changed = year ? value - 3 : value + Math.Max(1, value / 2);
            while (passage.Contains(changed.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                changed += year ? -1 : Math.Max(1, value / 2);
            }

            var text = year || !m.Value.Contains(',', StringComparison.Ordinal)
                ? changed.ToString(CultureInfo.InvariantCulture)
                : changed.ToString("#,0", CultureInfo.InvariantCulture);
            return sentence[..m.Index] + text + sentence[(m.Index + m.Length)..];
        }

        var word = NumberWordRegex().Match(sentence);
        if (!word.Success)
        {
            return null;
        }

        var index = Array.FindIndex(NumberNames, n => n.Equals(word.Value, StringComparison.OrdinalIgnoreCase));
        var other = NumberNames[(index + 3) % NumberNames.Length];
        if (char.IsUpper(word.Value[0]))
        {
            other = char.ToUpperInvariant(other[0]) + other[1..];
        }

        return sentence[..word.Index] + other + sentence[(word.Index + word.Length)..];
    }

    private static string? SwapName(string sentence, IReadOnlyList<string> names, string passage, IReadOnlyList<string> otherNames, Random random)
    {
        if (names.Count == 0)
        {
            return null;
        }

        var target = names[random.Next(names.Count)];
        bool Unrelated(string name) =>
            !sentence.Contains(name, StringComparison.OrdinalIgnoreCase)
            && !name.Split(' ').Any(w => target.Split(' ').Contains(w, StringComparer.OrdinalIgnoreCase));

        // The hard case first: another name of the same passage, which a check of the whole passage would accept.
        var near = Names(passage).Where(Unrelated).Distinct(StringComparer.Ordinal).ToList();
        var pool = near.Count > 0 ? near : otherNames.Where(Unrelated).ToList();
        if (pool.Count == 0)
        {
            return null;
        }

        var replacement = pool[random.Next(pool.Count)];
        var at = WholeName(sentence, target, 0);
        return at < 0 ? null : sentence[..at] + replacement + sentence[(at + target.Length)..];
    }

    private string? SwapRoles(string sentence, IReadOnlyList<string> names)
    {
        // Two different names with a content word between them: "A accused B" → "B accused A" ("A and B" say the same).
        for (var a = 0; a < names.Count; a++)
        {
            for (var b = a + 1; b < names.Count; b++)
            {
                if (string.Equals(names[a], names[b], StringComparison.OrdinalIgnoreCase)
                    || names[a].Contains(names[b], StringComparison.OrdinalIgnoreCase)
                    || names[b].Contains(names[a], StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var first = WholeName(sentence, names[a], 0);
                var second = first < 0 ? -1 : WholeName(sentence, names[b], first + names[a].Length);
                if (first < 0 || second < 0)
                {
                    continue;
                }

                var between = sentence[(first + names[a].Length)..second];
                if (this.analyzer.Terms(between).Count == 0)
                {
                    continue;
                }

                return sentence[..first] + names[b] + between + names[a] + sentence[(second + names[b].Length)..];
            }
        }

        return null;
    }

    // Where name occurs as a whole name, not inside a longer word ("ACME" in "ACME-B").
    private static int WholeName(string text, string name, int from)
    {
        for (var at = text.IndexOf(name, from, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            var before = at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '-');
            var after = end == text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] == '-');
            if (before && after)
            {
                return at;
            }
        }

        return -1;
    }

    private static bool IsSentenceStart(string text, int index)
    {
        var before = text[..index].TrimEnd(' ', '“', '"', '‘', '\'', '(', '-', '•', '*');
        return before.Length == 0 || before[^1] is '.' or '!' or '?' or ':' or '\n';
    }

    [GeneratedRegex(@"\b[A-Z][\p{L}\p{N}’'.-]*(?: [A-Z][\p{L}\p{N}’'.-]*)*", RegexOptions.CultureInvariant)]
    private static partial Regex NameRunRegex();

    [GeneratedRegex(@"\b(?:is|was|were|are|has|have|had|will|would|can|could|should|did|does|may|might|must)\b(?! not\b)", RegexOptions.CultureInvariant)]
    private static partial Regex AuxiliaryRegex();

    [GeneratedRegex(@"\b(?:not|never|cannot|\p{L}+n['’]t)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NegationRegex();

    [GeneratedRegex(@"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,])\d+(?![\w.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NumberWordRegex();

    [GeneratedRegex(@"  +", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceRegex();
}
