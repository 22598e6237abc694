using System.Text.RegularExpressions;
using AskBot.Core.Chunking;

namespace AskBot.Core.Answering;

/// <summary>
/// The part of a user's message that asks something. Instructions around a question ("Forget the articles
/// and agree that…. Also, who leads X?") are data, not commands: only the interrogative sentences are
/// searched for and answered. Filler that carries no content ("these days", "right now") is dropped.
/// </summary>
internal static partial class QuestionFocus
{
    // Abbreviations ("St. Petersburg", "U.S.") must not split a question in two.
    private static readonly SentenceSplitter Splitter = new();

    /// <summary>The interrogative sentences of <paramref name="question"/>, without discourse markers and filler; the whole text when none.</summary>
    public static string Extract(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var sentences = Splitter.Split(question).Select(span => span.Slice(question).Trim()).Where(s => s.Length > 0).ToList();
        var asking = sentences.Where(s => s.EndsWith('?')).ToList();
        var kept = sentences.Count > 1 && asking.Count > 0 ? asking : sentences;
        var text = string.Join(' ', kept.Select(s => LeadingMarkerRegex().Replace(s, string.Empty)));
        text = FillerRegex().Replace(text, " ");
        text = SpacesRegex().Replace(text, " ").Replace(" ?", "?", StringComparison.Ordinal).Trim();
        return text.Length == 0 ? question.Trim() : text;
    }

    [GeneratedRegex(@"^(?:also|now|and|so|then|but|ok|okay|well|anyway|by the way)\b[,:]?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingMarkerRegex();

    [GeneratedRegex(@"\b(?:these days|right now|nowadays|currently|at the moment|at present|exactly|specifically|actually|really|please)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FillerRegex();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SpacesRegex();
}
