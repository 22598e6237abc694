using System.Globalization;
using System.Text.RegularExpressions;
using AskBot.Core.Answering.Prompting;

namespace AskBot.Testing;

/// <summary>
/// Reads the numbered sources back from a rendered answer prompt, as a fake language model reads its prompt. Test code
/// only: the product never parses a prompt (the offline reader takes the typed passages).
/// </summary>
internal static partial class PromptSources
{
    /// <summary>The sources of a rendered user message, in prompt order.</summary>
    public static IReadOnlyList<PromptSource> Parse(string userMessage)
    {
        var text = userMessage.Replace("\r\n", "\n", StringComparison.Ordinal);
        var questionAt = text.LastIndexOf("\n" + SourceFormat.QuestionMarker, StringComparison.Ordinal);
        var sourcesPart = questionAt >= 0 ? text[..questionAt] : text;
        var sources = new List<PromptSource>();
        var headers = HeaderRegex().Matches(sourcesPart);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var bodyStart = header.Index + header.Length;
            var bodyEnd = i + 1 < headers.Count ? headers[i + 1].Index : sourcesPart.Length;
            sources.Add(new PromptSource(
                int.Parse(header.Groups["n"].Value, CultureInfo.InvariantCulture),
                Unpart(header.Groups["title"].Value),
                Unpart(header.Groups["byline"].Value),
                Unpart(header.Groups["date"].Value),
                sourcesPart[bodyStart..bodyEnd].Trim('\n', ' ')));
        }

        return sources;
    }

    private static string Unpart(string value) => value.Trim() == "-" ? string.Empty : value.Trim();

    [GeneratedRegex(@"^\[(?<n>\d{1,3})\] (?<title>[^|\n]*)\|(?<byline>[^|\n]*)\|(?<date>[^\n]*)\n", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderRegex();
}
