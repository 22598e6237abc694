using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace AskBot.Testing;

/// <summary>Writes real PDF files for tests: one page per entry, each line of text placed as the PDF's own text.</summary>
public static class TestPdf
{
    /// <summary>The bytes of a PDF whose page n holds the lines of <paramref name="pages"/>[n - 1].</summary>
    public static byte[] Create(IReadOnlyList<IReadOnlyList<string>> pages, string? title = null, string? author = null)
    {
        ArgumentNullException.ThrowIfNull(pages);
        using var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        if (author is not null)
        {
            builder.DocumentInformation.Author = author;
        }

        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                if (line.Length > 0)
                {
                    page.AddText(line, 11, new PdfPoint(56, y), font);
                }

                // An empty line leaves a gap, which the reader takes as a paragraph break.
                y -= line.Length == 0 ? 26 : 14;
            }
        }

        return builder.Build();
    }
}
