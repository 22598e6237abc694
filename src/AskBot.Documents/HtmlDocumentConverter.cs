using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using AskBot.Core.Corpus;

namespace AskBot.Documents;

/// <summary>
/// Reads a saved web page: the article's text (from <c>&lt;article&gt;</c>, the main landmark, or the element holding
/// most paragraph text), its title, byline and date (from Open Graph/article meta tags, JSON-LD, <c>&lt;time&gt;</c>
/// and the page itself), without navigation, headers, footers, scripts, forms and share/related/ad blocks.
/// </summary>
internal sealed class HtmlDocumentConverter : IDocumentConverter
{
    // Elements that never hold article prose.
    private const string NoiseSelector =
        "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select, figure, " +
        "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true], [hidden]";

    // Class or id words that mark page furniture rather than the article on news sites in general.
    private static readonly string[] FurnitureWords =
        ["advert", "ad-", "ads", "share", "social", "related", "newsletter", "subscribe", "promo", "cookie", "comment", "breadcrumb", "sidebar", "popup", "banner", "recommended"];

    private readonly HtmlParser parser = new();

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm"];

    public string Fingerprint => "html:anglesharp-1.10.4:v1";

    public async Task<ConvertedDocument> ConvertAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        IHtmlDocument document;
        try
        {
            document = await this.parser.ParseDocumentAsync(content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DocumentConversionException($"not a readable HTML page ({ex.Message})", ex);
        }

        using (document)
        {
            var linkedData = LinkedData.Read(document);
            var title = FirstOf(
                Meta(document, "og:title"),
                Meta(document, "twitter:title"),
                linkedData.Headline,
                document.QuerySelector("article h1, main h1, h1")?.TextContent,
                document.Title);
            var byline = FirstOf(
                Meta(document, "author"),
                Meta(document, "article:author") is { } author && !author.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? author : null,
                linkedData.Author,
                document.QuerySelector("[rel=author], [itemprop=author], .byline, .author")?.TextContent);
            var date = FirstOf(
                Meta(document, "article:published_time"),
                Meta(document, "date"),
                linkedData.Published,
                document.QuerySelector("time[datetime]")?.GetAttribute("datetime"),
                document.QuerySelector("[itemprop=datePublished]")?.GetAttribute("content"));

            var root = FindArticle(document);
            RemoveFurniture(root);
            var builder = new ArticleTextBuilder();
            builder.Header(title, byline, date);
            var cleanTitle = ArticleTextBuilder.Clean(title);
            var paragraphs = 0;
            foreach (var block in root.QuerySelectorAll("p, h2, h3, h4, h5, h6, li, blockquote, pre, h1"))
            {
                // A block inside another collected block (a <p> in a <blockquote>) is written once, by its ancestor.
                if (block.ParentElement?.Closest("p, li, blockquote, pre") is not null)
                {
                    continue;
                }

                var text = ArticleTextBuilder.Clean(block.TextContent);
                if (text.Length == 0 || (block.LocalName == "h1" && string.Equals(text, cleanTitle, StringComparison.Ordinal)))
                {
                    continue;
                }

                builder.Paragraph(text);
                paragraphs++;
            }

            if (paragraphs == 0)
            {
                builder.Paragraph(linkedData.Body ?? root.TextContent);
            }

            return builder.Build();
        }
    }

    private static IElement FindArticle(IHtmlDocument document)
    {
        var articles = document.QuerySelectorAll("article, [itemprop=articleBody], [role=main], main").ToList();
        if (articles.Count > 0)
        {
            return articles.OrderByDescending(ParagraphChars).First();
        }

        // No landmark: the element whose own paragraphs hold the most text (the usual readability heuristic).
        var best = document.Body ?? document.DocumentElement;
        var bestChars = 0;
        foreach (var paragraph in document.QuerySelectorAll("p"))
        {
            if (paragraph.ParentElement is { } parent)
            {
                var chars = parent.Children.Where(c => c.LocalName == "p").Sum(c => c.TextContent.Length);
                if (chars > bestChars)
                {
                    bestChars = chars;
                    best = parent;
                }
            }
        }

        return best;
    }

    private static int ParagraphChars(IElement element) => element.QuerySelectorAll("p").Sum(p => p.TextContent.Length);

    private static void RemoveFurniture(IElement root)
    {
        foreach (var noise in root.QuerySelectorAll(NoiseSelector).ToList())
        {
            noise.Remove();
        }

        foreach (var element in root.QuerySelectorAll("[class], [id]").ToList())
        {
            var names = ((element.GetAttribute("class") ?? string.Empty) + " " + (element.Id ?? string.Empty)).ToLowerInvariant();
            var words = names.Split([' ', '_'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Any(w => FurnitureWords.Any(f => f.EndsWith('-') ? w.StartsWith(f, StringComparison.Ordinal) : w == f || w.StartsWith(f + "-", StringComparison.Ordinal))))
            {
                element.Remove();
            }
        }
    }

    private static string? Meta(IHtmlDocument document, string name)
    {
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && meta.GetAttribute("content") is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private static string? FirstOf(params string?[] values) =>
        values.Select(ArticleTextBuilder.Clean).FirstOrDefault(v => v.Length > 0);

    /// <summary>The schema.org article description a page embeds as JSON-LD, if any.</summary>
    private sealed record LinkedData(string? Headline, string? Author, string? Published, string? Body)
    {
        public static LinkedData Read(IHtmlDocument document)
        {
            foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
            {
                try
                {
                    using var json = JsonDocument.Parse(script.TextContent);
                    if (Find(json.RootElement) is { } article)
                    {
                        return new LinkedData(
                            Text(article, "headline"),
                            AuthorOf(article),
                            Text(article, "datePublished"),
                            Text(article, "articleBody"));
                    }
                }
                catch (JsonException)
                {
                    // Broken structured data is common; the page itself still gives what it can.
                }
            }

            return new LinkedData(null, null, null, null);
        }

        private static JsonElement? Find(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (element.TryGetProperty("@graph", out var graph))
            {
                return Find(graph);
            }

            return element.TryGetProperty("headline", out _) || element.TryGetProperty("articleBody", out _) ? element : null;
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string? AuthorOf(JsonElement article)
        {
            if (!article.TryGetProperty("author", out var author))
            {
                return null;
            }

            var authors = author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToList() : [author];
            var names = authors
                .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : Text(a, "name"))
                .Where(n => !string.IsNullOrWhiteSpace(n))
                .ToList();
            return names.Count == 0 ? null : string.Join(" and ", names);
        }
    }
}
