using System.Globalization;
using System.Text;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// How numbered sources are laid out as text for a language model's answer prompt (only a model reads them as text;
/// the offline reader takes the typed passages).
/// </summary>
/// <remarks>
/// Layout: a header line <c>[n] title | byline | date</c> (empty parts shown as <c>-</c>), the passage
/// text, then a blank line. The question follows the sources after a line starting <c>Question: </c>.
/// </remarks>
internal static class SourceFormat
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

    private static string Part(string value) => value.Length == 0 ? "-" : Flatten(value).Replace('|', '/');

    // A passage never contains the blank-line-then-header pattern that would start a new source.
    private static string Flatten(string value) => value.Replace("\r", string.Empty, StringComparison.Ordinal).Trim();
}
