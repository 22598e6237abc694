using System.Text;
using AskBot.Core.Corpus;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace AskBot.Documents;

/// <summary>
/// Reads a PDF's text with PdfPig, page by page in content order, joining the lines a layout wrapped back into
/// paragraphs (and words hyphenated at a line end) and recording where each page starts, so a citation can give its page.
/// Title, author and date come from the document information when it has them.
/// </summary>
internal sealed class PdfDocumentConverter : IDocumentConverter
{
    public IReadOnlyList<string> Extensions { get; } = [".pdf"];

    public string Fingerprint => "pdf:pdfpig-0.1.16:v1";

    public async Task<ConvertedDocument> ConvertAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        try
        {
            using var pdf = PdfDocument.Open(buffer.ToArray());
            var builder = new ArticleTextBuilder();
            var info = pdf.Information;
            builder.Header(info.Title, info.Author, info.CreationDate);
            var pages = new List<(int Number, List<(string Text, double Gap, double Height)> Lines)>();
            foreach (var page in pdf.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                pages.Add((page.Number, Lines(page)));
            }

            // The document's usual line spacing, so a page of few lines is judged like the rest.
            var gaps = pages.SelectMany(p => p.Lines.Skip(1)).Select(l => l.Gap).Where(g => g > 0).Order().ToList();
            var usual = gaps.Count > 0 ? gaps[gaps.Count / 2] : 0;
            foreach (var (number, lines) in pages)
            {
                builder.StartPage(number);
                foreach (var paragraph in Paragraphs(lines, usual))
                {
                    builder.Paragraph(paragraph);
                }
            }

            return builder.Build();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DocumentConversionException)
        {
            // PdfPig reports a damaged or encrypted file with several exception types; to the corpus it is one case.
            throw new DocumentConversionException($"not a readable PDF ({ArticleTextBuilder.Clean(ex.Message)})", ex);
        }
    }

    // Words on one baseline, top of the page first; each line with the gap above it to the previous line.
    private static List<(string Text, double Gap, double Height)> Lines(Page page)
    {
        var rows = page.GetWords()
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom))
            .OrderByDescending(g => g.Key)
            .ToList();
        var lines = new List<(string Text, double Gap, double Height)>(rows.Count);
        double? previous = null;
        foreach (var row in rows)
        {
            var text = string.Join(' ', row.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text));
            var height = row.Max(w => w.BoundingBox.Height);
            lines.Add((text, previous is double above ? above - row.Key : 0, height));
            previous = row.Key;
        }

        return lines;
    }

    // A gap clearly wider than the usual line spacing ends a paragraph; otherwise wrapped lines are joined, mending
    // words split by a hyphen at the line end.
    private static IEnumerable<string> Paragraphs(List<(string Text, double Gap, double Height)> lines, double usual)
    {
        var paragraph = new StringBuilder();
        foreach (var (text, gap, height) in lines)
        {
            var line = text.Trim();
            var breaks = paragraph.Length > 0 && gap > usual * 1.4 && gap > height * 1.8;
            if (breaks)
            {
                yield return paragraph.ToString();
                paragraph.Clear();
            }

            if (paragraph.Length > 0)
            {
                if (paragraph[^1] == '-' && paragraph.Length > 1 && char.IsLetter(paragraph[^2]) && char.IsLower(line[0]))
                {
                    paragraph.Length--;
                }
                else
                {
                    paragraph.Append(' ');
                }
            }

            paragraph.Append(line);
        }

        if (paragraph.Length > 0)
        {
            yield return paragraph.ToString();
        }
    }
}
