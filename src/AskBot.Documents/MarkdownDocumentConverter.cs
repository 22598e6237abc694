using System.Text;
using AskBot.Core.Corpus;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AskBot.Documents;

/// <summary>
/// Reads a Markdown article with Markdig: headings, paragraphs, list items and quotes as text (markup, link targets and
/// images dropped, code blocks left out), and the title, author and date from YAML front matter or the first heading.
/// </summary>
internal sealed class MarkdownDocumentConverter : IDocumentConverter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private readonly UTF8Encoding strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IReadOnlyList<string> Extensions { get; } = [".md", ".markdown"];

    public string Fingerprint => "md:markdig-1.6.0:v1";

    public async Task<ConvertedDocument> ConvertAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string markdown;
        try
        {
            using var reader = new StreamReader(content, this.strictUtf8, detectEncodingFromByteOrderMarks: true);
            markdown = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentConversionException("not valid UTF-8");
        }

        var document = Markdown.Parse(markdown, Pipeline);
        var front = FrontMatter.Read(document, markdown);
        var blocks = document.Descendants<LeafBlock>().Where(b => b is HeadingBlock or ParagraphBlock).ToList();
        var title = front.Title;
        if (title is null && blocks.FirstOrDefault() is HeadingBlock { Level: 1 } first)
        {
            title = InlineText(first.Inline);
            blocks.RemoveAt(0);
        }

        var builder = new ArticleTextBuilder();
        builder.Header(title, front.Author, front.Date);
        foreach (var block in blocks)
        {
            builder.Paragraph(InlineText(block.Inline));
        }

        return builder.Build();
    }

    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString();
    }

    private static void Append(Inline inline, StringBuilder text)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case LinkInline { IsImage: true }:
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(child, text);
                }

                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
        }
    }

    /// <summary>The <c>title</c>, <c>author</c> and <c>date</c> keys of a YAML front matter block (simple scalars only).</summary>
    private sealed record FrontMatter(string? Title, string? Author, string? Date)
    {
        public static FrontMatter Read(MarkdownDocument document, string markdown)
        {
            if (document.Descendants<YamlFrontMatterBlock>().FirstOrDefault() is not { } block)
            {
                return new FrontMatter(null, null, null);
            }

            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in markdown.Substring(block.Span.Start, block.Span.Length).Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    values.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim().Trim('"', '\''));
                }
            }

            return new FrontMatter(
                values.GetValueOrDefault("title"),
                values.GetValueOrDefault("author") ?? values.GetValueOrDefault("byline"),
                values.GetValueOrDefault("date"));
        }
    }
}
