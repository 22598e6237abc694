using System.Text.Json;
using AskBot.Cli.Tests.Infrastructure;
using AskBot.Testing;

namespace AskBot.Cli.Tests.EndToEnd;

/// <summary>
/// A corpus of the seeds plus a web page, a Markdown file and a PDF written by the test (and a damaged PDF), indexed and
/// asked through real <c>askbot</c> processes.
/// </summary>
public sealed class DocumentFormatsTests : IClassFixture<DocumentFormatsTests.MixedCorpus>
{
    private readonly MixedCorpus corpus;

    public DocumentFormatsTests(MixedCorpus corpus) => this.corpus = corpus;

    [Fact]
    public void Index_reports_files_per_format_and_names_the_skipped_file()
    {
        var result = this.corpus.IndexRun;

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(@"(?m)^By format:\s+html 1, md 1, pdf 1, txt 5$", result.StdOut);
        Assert.Matches(@"(?m)^Files skipped:\s+1$", result.StdOut);
        Assert.Matches(@"(?m)^Skipped corpus file damaged\.pdf: not a readable PDF \(", result.StdOut);
        Assert.Contains("damaged.pdf", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fact_from_the_pdf_is_cited_with_its_file_and_page()
    {
        var result = await this.corpus.Workspace.RunAsync("ask", "How many container units did the port handle?", "--json");

        result.AssertExitCode(0).AssertNoStackTrace();
        using var json = JsonDocument.Parse(result.StdOut);
        var citation = json.RootElement.GetProperty("citations").EnumerateArray()
            .Single(c => c.GetProperty("docId").GetString() == "report.pdf");
        Assert.Equal("report.pdf", citation.GetProperty("sourceFile").GetString());
        Assert.Equal(2, citation.GetProperty("page").GetInt32());
        Assert.Contains("1.2 million", citation.GetProperty("quote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fact_from_the_web_page_is_quoted_from_its_article_text_with_its_header()
    {
        var result = await this.corpus.Workspace.RunAsync("ask", "How many steel cables did engineers replace on the harbour bridge?");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Matches(@"\[\d\] Harbour bridge reopens after a year of repairs — By Jane Doe, May 4, 2026 \(bridge\.html\)", result.StdOut);
        Assert.Contains("240 steel cables", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seeds_still_answer_beside_the_new_formats()
    {
        var result = await this.corpus.Workspace.RunAsync("ask", "Who leads ISIS-K?");

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("Ghafari", result.StdOut, StringComparison.Ordinal);
    }

    /// <summary>The seeds plus one file of each format, indexed once by a real <c>askbot index</c>.</summary>
    public sealed class MixedCorpus : IAsyncLifetime
    {
        public TestWorkspace Workspace { get; } = TestWorkspace.Create();

        public CliResult IndexRun { get; private set; } = new(-1, string.Empty, string.Empty);

        public async Task InitializeAsync()
        {
            await File.WriteAllTextAsync(Path.Combine(this.Workspace.Corpus, "bridge.html"), """
                <html><head><title>Harbour bridge reopens | Example News</title>
                <meta property="og:title" content="Harbour bridge reopens after a year of repairs">
                <meta name="author" content="Jane Doe"><meta property="article:published_time" content="2026-05-04T09:30:00Z"></head>
                <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
                <article><h1>Harbour bridge reopens after a year of repairs</h1>
                <p>The harbour bridge reopened to traffic on Monday after twelve months of repairs, the city council said.</p>
                <p>Engineers replaced 240 steel cables and the whole deck surface.</p></article>
                <footer>Copyright Example News</footer></body></html>
                """);
            await File.WriteAllTextAsync(Path.Combine(this.Workspace.Corpus, "library.md"), """
                ---
                title: Library extends its hours
                author: Ana Ruiz
                date: 2026-03-01
                ---

                The city library will stay open until nine in the evening from April, the library board said.
                """);
            await File.WriteAllBytesAsync(Path.Combine(this.Workspace.Corpus, "report.pdf"), TestPdf.Create(
                [
                    ["The port authority published its annual report on Friday.", "Cargo volumes rose by eight percent over the previous year."],
                    ["Container traffic reached 1.2 million units last year, the port authority said."],
                ],
                title: "Port authority annual report",
                author: "Port Authority Press Office"));
            var damaged = TestPdf.Create([["A page."]]);
            await File.WriteAllBytesAsync(Path.Combine(this.Workspace.Corpus, "damaged.pdf"), damaged[..(damaged.Length / 3)]);
            this.IndexRun = await this.Workspace.RunAsync("index");
        }

        public Task DisposeAsync()
        {
            this.Workspace.Dispose();
            return Task.CompletedTask;
        }
    }
}
