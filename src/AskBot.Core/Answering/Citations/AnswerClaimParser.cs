using System.Globalization;
using System.Text.RegularExpressions;

namespace AskBot.Core.Answering.Citations;

/// <summary>Splits an answer into claims at its citation markers (<c>[1]</c>, <c>[1][3]</c>, <c>[1, 3]</c>).</summary>
internal static partial class AnswerClaimParser
{
    private const string TrailingPunctuation = ".,;:!?";

    /// <summary>
    /// Claims in order. A line break always ends a claim, so a lead-in line without markers is its own
    /// (uncited) claim; text after the last marker of a line becomes an uncited claim when it has letters or digits.
    /// </summary>
    public static IReadOnlyList<AnswerClaim> Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var claims = new List<AnswerClaim>();
        var lines = answer.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var line = lines[l];
            var newline = l < lines.Length - 1 ? "\n" : string.Empty;
            var position = 0;
            foreach (Match group in MarkerGroupRegex().Matches(line))
            {
                var numbers = NumberRegex().Matches(group.Value)
                    .Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture))
                    .ToList();
                var trailingEnd = group.Index + group.Length;
                while (trailingEnd < line.Length && (TrailingPunctuation.Contains(line[trailingEnd], StringComparison.Ordinal) || char.IsWhiteSpace(line[trailingEnd])))
                {
                    trailingEnd++;
                }

                claims.Add(new AnswerClaim(line[position..group.Index], numbers, line[(group.Index + group.Length)..trailingEnd]));
                position = trailingEnd;
            }

            var rest = line[position..];
            if (rest.Any(char.IsLetterOrDigit))
            {
                claims.Add(new AnswerClaim(rest, Array.Empty<int>(), newline));
            }
            else if (claims.Count > 0)
            {
                claims[^1] = claims[^1] with { Trailing = claims[^1].Trailing + rest + newline };
            }
        }

        return claims;
    }

    /// <summary>Renders claims back into answer text with the given numbering.</summary>
    public static string Render(IEnumerable<(AnswerClaim Claim, IReadOnlyList<int> Numbers)> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var builder = new System.Text.StringBuilder();
        foreach (var (claim, numbers) in claims)
        {
            builder.Append(claim.Text.TrimEnd());
            if (numbers.Count > 0)
            {
                builder.Append(' ');
                foreach (var n in numbers)
                {
                    builder.Append(CultureInfo.InvariantCulture, $"[{n}]");
                }
            }

            builder.Append(claim.Trailing);
        }

        return builder.ToString().Trim();
    }

    [GeneratedRegex(@"\s*(?:\[\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*\])+", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerGroupRegex();

    [GeneratedRegex(@"\d{1,3}", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();
}
