using System.Text.RegularExpressions;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Extractive;

/// <summary>The parts of a question the extractive answerer needs: its kind, its content terms and their word families.</summary>
/// <param name="Question">The question text.</param>
/// <param name="Kind">Expected answer type.</param>
/// <param name="Terms">Distinct content terms (stemmed), in question order.</param>
/// <param name="FocusTerms">Terms naming what a figure counts (the words after "how many", the main verb), empty unless <see cref="Kind"/> is HowMany.</param>
/// <param name="QuestionWords">Lower-cased surface words of the question, to keep the direct answer from echoing it.</param>
public sealed partial record QuestionAnalysis(
    string Question,
    QuestionKind Kind,
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> FocusTerms,
    IReadOnlySet<string> QuestionWords)
{
    /// <summary>Analyses <paramref name="question"/>.</summary>
    public static QuestionAnalysis Create(string question, TermAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(analyzer);
        var lower = question.Trim().ToLowerInvariant();
        var kind = DetectKind(lower);
        var terms = analyzer.Terms(question).Where(t => t.Length > 1).Distinct(StringComparer.Ordinal).ToList();
        var focus = new List<string>();
        if (kind == QuestionKind.HowMany)
        {
            var m = HowManyRegex().Match(lower);
            var tail = m.Success ? lower[(m.Index + m.Length)..] : lower;
            focus.AddRange(analyzer.Terms(string.Join(' ', tail.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4))));
        }

        var words = WordRegex().Matches(lower).Select(w => w.Value).ToHashSet(StringComparer.Ordinal);
        return new QuestionAnalysis(question, kind, terms, focus.Distinct(StringComparer.Ordinal).ToList(), words);
    }

    private static QuestionKind DetectKind(string lower)
    {
        if (HowOldRegex().IsMatch(lower))
        {
            return QuestionKind.HowOld;
        }

        if (HowManyRegex().IsMatch(lower) || lower.Contains("death toll", StringComparison.Ordinal) || lower.StartsWith("what number", StringComparison.Ordinal))
        {
            return QuestionKind.HowMany;
        }

        if (lower.StartsWith("who", StringComparison.Ordinal) || lower.StartsWith("which group", StringComparison.Ordinal) || lower.StartsWith("which person", StringComparison.Ordinal))
        {
            return QuestionKind.Who;
        }

        if (lower.StartsWith("when", StringComparison.Ordinal) || lower.StartsWith("what year", StringComparison.Ordinal) || lower.StartsWith("in what year", StringComparison.Ordinal) || lower.StartsWith("what date", StringComparison.Ordinal) || lower.StartsWith("on what date", StringComparison.Ordinal))
        {
            return QuestionKind.When;
        }

        if (lower.StartsWith("where", StringComparison.Ordinal) || lower.StartsWith("in which country", StringComparison.Ordinal) || lower.StartsWith("in what country", StringComparison.Ordinal) || lower.StartsWith("which country", StringComparison.Ordinal))
        {
            return QuestionKind.Where;
        }

        return QuestionKind.Open;
    }

    [GeneratedRegex(@"\bhow (many|much)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HowManyRegex();

    [GeneratedRegex(@"\bhow old\b|\bwhat age\b|\bwhat is the age\b", RegexOptions.CultureInvariant)]
    private static partial Regex HowOldRegex();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();
}
