using System.Globalization;
using System.Text.RegularExpressions;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// Finds the things of each <see cref="AnswerType"/> a sentence states, by their written form: capitalised names,
/// dates and years, numbers with what they count, ages, and names after a place preposition. General English only.
/// </summary>
internal static partial class EntityFinder
{
    // Words that open a sentence without being part of a name that follows them ("Today X said …", "In Y, …").
    private static readonly HashSet<string> Openers = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "in", "on", "at", "after", "before", "when", "while", "but", "and", "so", "this", "that", "these",
        "those", "its", "his", "her", "their", "our", "my", "today", "yesterday", "tomorrow", "earlier", "later", "meanwhile",
        "however", "also", "now", "then", "last", "next", "since", "during", "for", "from", "with", "by", "as", "if", "although",
        "though", "according", "unlike", "like", "despite", "still", "yet", "even", "many", "some", "most", "several", "both",
        "all", "each", "every", "other", "another", "such", "what", "which", "who", "where", "why", "how", "here", "there",
        "it", "he", "she", "they", "we", "i", "you", "until", "under", "over", "among", "between", "without", "because",
    };

    /// <summary>Everything typed in <paramref name="sentence"/>, in text order (a span may have more than one type).</summary>
    public static IReadOnlyList<TypedSpan> Find(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var spans = new List<TypedSpan>();
        var dates = DateRegex().Matches(sentence).Select(m => new TypedSpan(AnswerType.Date, m.Value.Trim(), m.Index, m.Index + m.Length, 0)).ToList();
        spans.AddRange(dates);
        foreach (Match m in AgeRegex().Matches(sentence))
        {
            spans.Add(new TypedSpan(AnswerType.Age, m.Value, m.Index, m.Index + m.Length, decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)));
        }

        foreach (Match m in QuantityRegex().Matches(sentence))
        {
            var number = m.Groups["n"];
            if (spans.Any(d => d.Type is AnswerType.Date or AnswerType.Age && d.Start <= number.Index && number.Index < d.End)
                || IsAge(sentence, number.Index + number.Length))
            {
                continue;
            }

            var value = ValueOf(number.Value);
            if (value is null)
            {
                continue;
            }

            spans.Add(new TypedSpan(AnswerType.Quantity, m.Value.Trim(), m.Index, m.Index + m.Length, value.Value));
        }

        foreach (Match m in NameRegex().Matches(sentence))
        {
            var start = m.Index;

            // "New York-based", "US-led", "Paris's": the name ends before a lower-case suffix or a possessive.
            var text = LowerSuffixRegex().Replace(m.Value, string.Empty);
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var atStart = start == 0 || IsSentenceStart(sentence, start);
            if (atStart && words.Length > 1 && Openers.Contains(words[0]))
            {
                // "Today X" at the start of a sentence is X.
                var skip = text.IndexOf(' ', StringComparison.Ordinal) + 1;
                start += skip;
                text = text[skip..];
                words = words[1..];
                atStart = false;
            }

            // A capitalised first word is a name only when more capitalised words follow it.
            if ((atStart && words.Length == 1) || MonthRegex().IsMatch(text) || (words.Length == 1 && Openers.Contains(text)))
            {
                continue;
            }

            spans.Add(new TypedSpan(AnswerType.Name, text, start, start + text.Length, 0));
            if (PlacePrepositionRegex().IsMatch(sentence[..start]))
            {
                spans.Add(new TypedSpan(AnswerType.Place, text, start, start + text.Length, 0));
            }
        }

        // "in X and Y", "in X, Y or Z": a name coordinated with a place is a place too.
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < spans.Count; i++)
        {
            if (spans[i].Type == AnswerType.Name && !spans.Any(s => s.Type == AnswerType.Place && s.Start == spans[i].Start))
            {
                var previous = spans.LastOrDefault(s => s.Type == AnswerType.Place && s.End <= spans[i].Start);
                if (previous is not null && CoordinationRegex().IsMatch(sentence[previous.End..spans[i].Start]))
                {
                    spans.Insert(i + 1, spans[i] with { Type = AnswerType.Place });
                    i++;
                }
            }
        }

        return spans;
    }

    /// <summary>The number a quantity phrase states: digits ("6,200", "3.5") or a number word ("four", "dozens").</summary>
    public static decimal? ValueOf(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var digits = number.Replace(",", string.Empty, StringComparison.Ordinal);
        if (decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return NumberWords.WithApproximate.TryGetValue(number, out var word) ? word : null;
    }

    private static bool IsAge(string sentence, int end) =>
        sentence.AsSpan(end).StartsWith("-year", StringComparison.Ordinal) || sentence.AsSpan(end).StartsWith(" years old", StringComparison.Ordinal);

    private static bool IsSentenceStart(string sentence, int index)
    {
        var before = sentence[..index].TrimEnd(' ', '“', '"', '‘', '\'', '(', '-', '—', '•', '*');
        return before.Length == 0 || before[^1] is '.' or '!' or '?' or ':' or '\n';
    }

    [GeneratedRegex(@"(?:\b(?:early|late|mid-?|in|on|since|by|until|from)\s+)?(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+(?:\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{3,4})?|\d{3,4})\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{3,4})?\b|(?<![\d,.])\b(?:1\d{3}|20\d{2})s?\b(?!-year|\s*(?:people|men|women|soldiers|troops|km|miles|metres|meters|%|percent))|(?<=\b(?:in|since|by|until|from|of|year|around|circa)\s)[5-9]\d{2}\b(?![,.]\d)|\b\d{1,2}(?:st|nd|rd|th)[- ]century\b|\b(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[- ]century)\b)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"(?<n>\d{1,3})-year-old|\baged (?<n>\d{1,3})\b|\bage of (?<n>\d{1,3})\b|\b(?<n>\d{1,3}) years old\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AgeRegex();

    [GeneratedRegex(@"(?:\b(?:at least|more than|over|nearly|almost|about|around|roughly|approximately|as many as|up to|fewer than|less than|some|between|only|just)\s+)?(?<!\w)(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozens?|hundreds|thousands|millions?)(?!\w)(?:\s+(?:to|and|or)\s+\d{1,3}(?:,\d{3})*(?!\w))?(?:\s+(?:million|billion|thousand|hundred))?(?:\s*(?:%|percent|per cent))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QuantityRegex();

    // Runs of capitalised words, joined by short lower-case particles inside a name ("Duke of X", "bin Y", "al-Z").
    [GeneratedRegex(@"\b(?:[A-Z][\p{L}\p{N}’'.-]*[\p{L}\p{N}]|[A-Z]|al-[A-Z][\p{L}]+)(?:\s+(?:(?:of|de|la|le|du|von|van|der|bin|ibn|al|the)\s+)?(?:[A-Z][\p{L}\p{N}’'.-]*[\p{L}\p{N}]|al-[A-Z][\p{L}]+))*", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    // "in X", "near the X", "in eastern X", "in the southern city of X".
    [GeneratedRegex(@"\b(?:in|at|near|from|to|into|across|outside|inside|throughout|toward|towards|around|of)\s+(?:the\s+)?(?:(?!an?\s)\p{Ll}[\p{Ll}-]*\s+){0,2}(?:of\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlacePrepositionRegex();

    [GeneratedRegex(@"(?:-\p{Ll}+|[’']s?)$", RegexOptions.CultureInvariant)]
    private static partial Regex LowerSuffixRegex();

    [GeneratedRegex(@"^(?:,\s*|\s+(?:and|or)\s+|,\s*(?:and|or)\s+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CoordinationRegex();

    [GeneratedRegex(@"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthRegex();
}
