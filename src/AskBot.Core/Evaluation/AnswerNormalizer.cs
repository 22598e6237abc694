using System.Text;
using System.Text.RegularExpressions;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Normalises answers, gold answers and evidence so that typography (curly quotes, dashes, spacing,
/// thousands separators, case) never decides whether an answer counts.
/// </summary>
public static partial class AnswerNormalizer
{
    /// <summary>Lowercase, ASCII quotes and dashes, single spaces, no thousands separators (6,200 → 6200).</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // NFKC folds compatibility forms (no-break spaces, ellipsis, full-width digits) before the explicit folds.
        var folded = new StringBuilder(text.Normalize(NormalizationForm.FormKC).ToLowerInvariant());
        for (var i = 0; i < folded.Length; i++)
        {
            folded[i] = folded[i] switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '`' or '\u00B4' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63' or '\uFF0D' => '-',
                var c => c,
            };
        }

        var spaced = WhitespaceRegex().Replace(folded.ToString(), " ").Trim();
        return ThousandsSeparatorRegex().Replace(spaced, string.Empty);
    }

    /// <summary>
    /// True when the normalised <paramref name="answer"/> contains any normalised accepted answer bounded by
    /// non-word characters, so "us" does not match inside "Russia" nor "13" inside "137".
    /// </summary>
    public static bool ContainsAnswer(string answer, IEnumerable<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(accepted);
        var text = Normalize(answer);
        foreach (var candidate in accepted)
        {
            var gold = Normalize(candidate ?? string.Empty);
            if (gold.Length > 0 && ContainsBounded(text, gold))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsBounded(string text, string gold)
    {
        for (var index = text.IndexOf(gold, StringComparison.Ordinal); index >= 0; index = text.IndexOf(gold, index + 1, StringComparison.Ordinal))
        {
            var end = index + gold.Length;

            // Only a word character next to a word character glues two words together; "u.s." may end a sentence.
            var startOk = index == 0 || !IsWordChar(text[index - 1]) || !IsWordChar(gold[0]);
            var endOk = end == text.Length || !IsWordChar(text[end]) || !IsWordChar(gold[^1]);
            if (startOk && endOk)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"(?<=\d),(?=\d{3}(?!\d))", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsSeparatorRegex();
}
