using System.Text;
using AskBot.Core.Corpus;
using AskBot.Testing;

namespace AskBot.Documents.Tests;

/// <summary>Each converter on small real files: what text, header and pages come out, and what a broken file gives.</summary>
public sealed class DocumentConverterTests
{
    private const string NewsPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <title>Harbour bridge reopens | The Daily Example</title>
          <meta property="og:title" content="Harbour bridge reopens after a year of repairs">
          <meta name="author" content="Jane Doe">
          <meta property="article:published_time" content="2026-05-04T09:30:00Z">
          <script>var tracking = "never indexed";</script>
          <style>.x { color: red }</style>
        </head>
        <body>
          <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
          <div class="ad-slot">Buy one get one free at every store this week</div>
          <article>
            <h1>Harbour bridge reopens after a year of repairs</h1>
            <p>The harbour bridge reopened to traffic on Monday after twelve months of repairs, the city council said.</p>
            <div class="share-buttons">Share on social media</div>
            <p>Engineers replaced 240 steel cables and the whole deck surface.</p>
            <aside>Related: Ferry timetable changes</aside>
            <blockquote><p>"It is good to have our bridge back," the mayor said.</p></blockquote>
          </article>
          <footer>Copyright 2026 The Daily Example. All rights reserved.</footer>
        </body>
        </html>
        """;

    [Fact]
    public async Task A_news_page_gives_its_article_text_and_header_without_page_furniture()
    {
        var converted = await Convert(new HtmlDocumentConverter(), NewsPage, "bridge.html");

        var lines = converted.Text.Split('\n');
        Assert.Equal("Harbour bridge reopens after a year of repairs", lines[0]);
        Assert.Equal("By Jane Doe", lines[1]);
        Assert.Equal("May 4, 2026", lines[2]);
        Assert.Contains("The harbour bridge reopened to traffic on Monday after twelve months of repairs, the city council said.", converted.Text, StringComparison.Ordinal);
        Assert.Contains("Engineers replaced 240 steel cables and the whole deck surface.", converted.Text, StringComparison.Ordinal);
        Assert.Contains("the mayor said.", converted.Text, StringComparison.Ordinal);
        foreach (var furniture in new[] { "Home", "never indexed", "Buy one", "Share on", "Ferry timetable", "Copyright", "color: red" })
        {
            Assert.DoesNotContain(furniture, converted.Text, StringComparison.Ordinal);
        }

        Assert.Single(lines, l => l == "Harbour bridge reopens after a year of repairs");
        Assert.Empty(converted.Pages);
    }

    [Fact]
    public async Task A_page_without_an_article_element_keeps_the_block_with_most_paragraph_text()
    {
        const string page = """
            <html><head><title>Council budget</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves budget","author":{"@type":"Person","name":"Sam Lee"},"datePublished":"2026-02-10"}</script>
            </head><body>
            <div id="menu"><p>Menu</p></div>
            <div id="story"><p>The council approved a budget of 12 million dollars on Tuesday.</p><p>Spending on parks rises by a tenth.</p></div>
            </body></html>
            """;

        var converted = await Convert(new HtmlDocumentConverter(), page, "budget.htm");

        Assert.StartsWith("Council approves budget\nBy Sam Lee\nFebruary 10, 2026\n\n", converted.Text, StringComparison.Ordinal);
        Assert.Contains("Spending on parks rises by a tenth.", converted.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Menu", converted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_gives_front_matter_header_and_plain_paragraphs()
    {
        const string markdown = """
            ---
            title: Library extends its hours
            author: Ana Ruiz
            date: 2026-03-01
            ---

            The **city library** will stay open until nine in the evening, [the board](https://example.com/board) said.

            ## New services

            - Free laptop loans
            - A study room for students

            ```
            code is not prose
            ```
            """;

        var converted = await Convert(new MarkdownDocumentConverter(), markdown, "library.md");

        Assert.StartsWith("Library extends its hours\nBy Ana Ruiz\nMarch 1, 2026\n\n", converted.Text, StringComparison.Ordinal);
        Assert.Contains("The city library will stay open until nine in the evening, the board said.", converted.Text, StringComparison.Ordinal);
        Assert.Contains("\n\nNew services\n\n", converted.Text, StringComparison.Ordinal);
        Assert.Contains("Free laptop loans", converted.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", converted.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", converted.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("code is not prose", converted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_without_front_matter_takes_its_first_heading_as_the_title()
    {
        var converted = await Convert(new MarkdownDocumentConverter(), "# Ferry timetable changes\n\nFerries will leave every twenty minutes.\n", "ferry.md");

        Assert.StartsWith("Ferry timetable changes\n\nFerries will leave every twenty minutes.", converted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_gives_its_text_page_by_page_with_where_each_page_starts()
    {
        var bytes = TestPdf.Create(
            [
                ["The port authority published its annual report on Friday.", "Cargo volumes rose by eight percent over the", "previous year."],
                ["Container traffic reached 1.2 million units.", string.Empty, "The authority plans a new quay in 2028."],
            ],
            title: "Port authority annual report",
            author: "Port Authority Press Office");

        using var stream = new MemoryStream(bytes);
        var converted = await new PdfDocumentConverter().ConvertAsync(stream, "report.pdf");

        Assert.StartsWith("Port authority annual report\nBy Port Authority Press Office\n", converted.Text, StringComparison.Ordinal);
        Assert.Equal([1, 2], converted.Pages.Select(p => p.Number));
        var second = converted.Text.IndexOf("Container traffic", StringComparison.Ordinal);
        Assert.Equal(second, converted.Pages[1].Start);
        Assert.True(converted.Pages[0].Start < converted.Text.IndexOf("The port authority", StringComparison.Ordinal) + 1);
        Assert.Contains("Cargo volumes rose by eight percent over the previous year.", converted.Text, StringComparison.Ordinal);
        Assert.Contains("\n\nThe authority plans a new quay in 2028.", converted.Text, StringComparison.Ordinal);
        var document = new SourceDocument("report.pdf", "/corpus/report.pdf", converted.Text) { Pages = converted.Pages };
        Assert.Equal(1, document.PageAt(converted.Text.IndexOf("Cargo", StringComparison.Ordinal)));
        Assert.Equal(2, document.PageAt(converted.Text.IndexOf("quay", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_damaged_pdf_is_a_conversion_error_with_one_line()
    {
        var bytes = TestPdf.Create([["Some text on a page."]]);
        var damaged = bytes[..(bytes.Length / 3)];

        using var stream = new MemoryStream(damaged);
        var error = await Assert.ThrowsAsync<DocumentConversionException>(() => new PdfDocumentConverter().ConvertAsync(stream, "broken.pdf"));

        Assert.StartsWith("not a readable PDF", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Markdown_that_is_not_UTF8_is_a_conversion_error()
    {
        using var stream = new MemoryStream([0x23, 0x20, 0xC3, 0x28, 0x41]);

        var error = await Assert.ThrowsAsync<DocumentConversionException>(() => new MarkdownDocumentConverter().ConvertAsync(stream, "bad.md"));

        Assert.Equal("not valid UTF-8", error.Message);
    }

    private static async Task<ConvertedDocument> Convert(IDocumentConverter converter, string text, string name)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await converter.ConvertAsync(stream, name);
    }
}
