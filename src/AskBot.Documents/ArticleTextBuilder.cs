using System.Globalization;
using System.Text;
using AskBot.Core.Corpus;

namespace AskBot.Documents;

/// <summary>
/// Lays out extracted text the way the corpus reader reads an article: a header of title, byline and date lines, then the
/// paragraphs with a blank line between them. The header is what lets the article splitter find the title, byline and
/// date of a converted page just as it does for a plain-text article.
/// </summary>
internal sealed class ArticleTextBuilder
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyyMMddHHmmss", "yyyyMMdd"];

    private readonly StringBuilder text = new();
    private readonly List<DocumentPage> pages = [];

    /// <summary>Writes the header lines the document gives (each left out when unknown).</summary>
    public void Header(string? title, string? byline, string? date)
    {
        var lines = new List<string>();
        if (Clean(title) is { Length: > 0 } t)
        {
            lines.Add(t);
        }

        if (Clean(byline) is { Length: > 0 } b)
        {
            lines.Add(b.StartsWith("By ", StringComparison.OrdinalIgnoreCase) ? b : "By " + b);
        }

        if (Clean(date) is { Length: > 0 } d)
        {
            lines.Add(FormatDate(d));
        }

        if (lines.Count > 0)
        {
            this.text.Append(string.Join('\n', lines)).Append("\n\n");
        }
    }

    /// <summary>Marks where page <paramref name="number"/> starts (the next paragraph written).</summary>
    public void StartPage(int number) => this.pages.Add(new DocumentPage(number, this.text.Length));

    /// <summary>Adds one paragraph; whitespace runs become single spaces and an empty paragraph is dropped.</summary>
    public void Paragraph(string? paragraph)
    {
        if (Clean(paragraph) is { Length: > 0 } p)
        {
            this.text.Append(p).Append("\n\n");
        }
    }

    public ConvertedDocument Build() => new(this.text.ToString().TrimEnd() + "\n", this.pages);

    /// <summary>Collapses whitespace (including non-breaking spaces and line breaks) to single spaces and trims.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // Machine dates (ISO 8601, PDF's D:YYYYMMDD…) are written as a reader would write them, which is also what the
    // article splitter recognises as a date line.
    private static string FormatDate(string value)
    {
        var candidate = value.StartsWith("D:", StringComparison.Ordinal) ? value[2..] : value;
        if (candidate.Length > 14 && char.IsDigit(candidate[0]) && !candidate.Contains('-', StringComparison.Ordinal))
        {
            candidate = candidate[..14];
        }

        if (DateTimeOffset.TryParseExact(candidate, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact)
            || DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out exact))
        {
            return exact.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
        }

        return value;
    }
}
