using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// The one place that knows how numbered sources are laid out in the answer prompt, so that the
/// renderer and the offline extractive answerer (which reads the rendered prompt, as an LLM would) agree.
/// </summary>
/// <remarks>
/// Layout: a header line <c>[n] title | byline | date</c> (empty parts shown as <c>-</c>), the passage
/// text, then a blank line. The question follows the sources after a line starting <c>Question: </c>.
/// </remarks>
public static partial class SourceFormat
{
    /// <summary>Marker that starts the question line of the user message.</summary>
    public const string QuestionMarker = "Question: ";

    /// <summary>Marker that starts the sources section of the user message.</summary>
    public const string SourcesMarker = "Sources:";

    /// <summary>Renders the sources for the <c>{{$sources}}</c> prompt variable.</summary>
    public static string Render(IEnumerable<PromptSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var builder = new StringBuilder();
        foreach (var source in sources)
        {
            builder.Append(CultureInfo.InvariantCulture, $"[{source.N}] {Part(source.Title)} | {Part(source.Byline)} | {Part(source.Date)}\n");
            builder.Append(Flatten(source.Text)).Append("\n\n");
        }

        return builder.ToString().TrimEnd('\n');
    }

    /// <summary>Reads the question and numbered sources back from a rendered user message.</summary>
    /// <returns>The question (empty when absent) and the sources in prompt order.</returns>
    public static (string Question, IReadOnlyList<PromptSource> Sources) Parse(string userMessage)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        var text = userMessage.Replace("\r\n", "\n", StringComparison.Ordinal);
        var questionAt = text.LastIndexOf("\n" + QuestionMarker, StringComparison.Ordinal);
        string question;
        string sourcesPart;
        if (questionAt >= 0)
        {
            question = text[(questionAt + 1 + QuestionMarker.Length)..].Trim();
            sourcesPart = text[..questionAt];
        }
        else if (text.StartsWith(QuestionMarker, StringComparison.Ordinal))
        {
            question = text[QuestionMarker.Length..].Trim();
            sourcesPart = string.Empty;
        }
        else
        {
            question = string.Empty;
            sourcesPart = text;
        }

        var sources = new List<PromptSource>();
        var headers = HeaderRegex().Matches(sourcesPart);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var bodyStart = header.Index + header.Length;
            var bodyEnd = i + 1 < headers.Count ? headers[i + 1].Index : sourcesPart.Length;
            var n = int.Parse(header.Groups["n"].Value, CultureInfo.InvariantCulture);
            sources.Add(new PromptSource(
                n,
                Unpart(header.Groups["title"].Value),
                Unpart(header.Groups["byline"].Value),
                Unpart(header.Groups["date"].Value),
                sourcesPart[bodyStart..bodyEnd].Trim('\n', ' ')));
        }

        return (question, sources);
    }

    private static string Part(string value) => value.Length == 0 ? "-" : Flatten(value).Replace('|', '/');

    private static string Unpart(string value) => value.Trim() == "-" ? string.Empty : value.Trim();

    // A passage never contains the blank-line-then-header pattern that would start a new source.
    private static string Flatten(string value) => value.Replace("\r", string.Empty, StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"^\[(?<n>\d{1,3})\] (?<title>[^|\n]*)\|(?<byline>[^|\n]*)\|(?<date>[^\n]*)\n", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderRegex();
}
