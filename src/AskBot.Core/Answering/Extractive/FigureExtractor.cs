using System.Globalization;
using System.Text.RegularExpressions;

namespace AskBot.Core.Answering.Extractive;

/// <summary>Finds counted figures in a sentence: numbers with their qualifiers, leaving out years, dates and ages.</summary>
public static partial class FigureExtractor
{
    private static readonly string[] Months =
    [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ];

    /// <summary>Figures in <paramref name="sentence"/>, in order.</summary>
    public static IReadOnlyList<Figure> Extract(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var figures = new List<Figure>();
        foreach (Match m in FigureRegex().Matches(sentence))
        {
            var number = m.Groups["n"].Value;
            var value = decimal.Parse(number.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var before = sentence[..m.Index].TrimEnd();
            var after = sentence[(m.Index + m.Length)..];
            if (IsYear(number, value) || IsDateDay(before, after, value) || after.StartsWith("-year", StringComparison.Ordinal) || after.StartsWith('%'))
            {
                continue;
            }

            figures.Add(new Figure(m.Value.Trim(), value, m.Index, m.Index + m.Length));
        }

        return figures;
    }

    /// <summary>Ages written as "29-year-old" (or "aged 29").</summary>
    public static IReadOnlyList<Figure> ExtractAges(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return AgeRegex().Matches(sentence)
            .Select(m => new Figure(m.Value, decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), m.Index, m.Index + m.Length))
            .ToList();
    }

    private static bool IsYear(string number, decimal value) =>
        !number.Contains(',', StringComparison.Ordinal) && value >= 1900 && value <= 2100 && number.Length == 4;

    private static bool IsDateDay(string before, string after, decimal value)
    {
        if (value > 31)
        {
            return false;
        }

        var previous = before.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.TrimEnd('.').ToLowerInvariant();
        return (previous is not null && Months.Contains(previous)) || after.StartsWith(", 20", StringComparison.Ordinal) || after.StartsWith(", 19", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?:\b(?:at least|more than|over|nearly|almost|about|around|roughly|approximately|as many as|up to|fewer than|less than|some|between)\s+)?(?<!\w)(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\w|-year)(?:\s+(?:to|and)\s+\d{1,3}(?:,\d{3})*(?!\w))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FigureRegex();

    [GeneratedRegex(@"(?<n>\d{1,3})-year-old|\baged (?<n>\d{1,3})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AgeRegex();
}
