namespace AskBot.Core.Corpus;

/// <summary>
/// Splits a document into articles. An article starts at a header group: a date line preceded by up to three short lines
/// (headline, author, outlet). Text before the first header (or a file with none) is one article whose first line is its
/// title when it reads like a headline. Body lines are classified by <see cref="BoilerplateClassifier"/>; kept lines become blocks.
/// </summary>
internal sealed class ArticleSplitter
{
    private const int MaxHeaderLines = 3;
    private const int MaxHeaderLineChars = 150;
    private const int MaxBylineWords = 6;
    private const int MaxNameWords = 4;

    private readonly BoilerplateClassifier classifier;

    public ArticleSplitter(BoilerplateClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        this.classifier = classifier;
    }

    /// <summary>Finds the articles of <paramref name="document"/> and counts the lines dropped as boilerplate.</summary>
    public ArticleSplitResult Split(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.Text;
        var lines = TextLines.Split(text);
        var values = lines.Select(l => l.Slice(text)).ToArray();
        var headers = FindHeaders(values);

        var articles = new List<Article>();
        var dropped = 0;
        var firstHeaderLine = headers.Count > 0 ? headers[0].FirstLine : lines.Count;
        if (firstHeaderLine > 0)
        {
            var preamble = IsStandaloneTitle(values, firstHeaderLine)
                ? new ArticleHeader(0, 0, values[0], null, null, false)
                : new ArticleHeader(0, -1, null, null, null, false);
            articles.Add(this.BuildArticle(document, lines, preamble, firstHeaderLine, articles.Count, ref dropped));
        }

        for (var h = 0; h < headers.Count; h++)
        {
            var end = h + 1 < headers.Count ? headers[h + 1].FirstLine : lines.Count;
            articles.Add(this.BuildArticle(document, lines, headers[h], end, articles.Count, ref dropped));
        }

        return new ArticleSplitResult(articles, dropped);
    }

    private Article BuildArticle(
        SourceDocument document,
        IReadOnlyList<TextSpan> lines,
        ArticleHeader header,
        int endLine,
        int ordinal,
        ref int dropped)
    {
        var text = document.Text;
        var bodyStart = header.LastLine + 1;
        var body = new List<TextSpan>(endLine - bodyStart);
        for (var i = bodyStart; i < endLine; i++)
        {
            body.Add(lines[i]);
        }

        var kinds = this.classifier.Classify(text, body);
        var blocks = new List<TextBlock>();
        string? outlet = null;
        for (var i = 0; i < body.Count; i++)
        {
            switch (kinds[i])
            {
                case LineKind.Boilerplate:
                    dropped++;
                    break;
                case LineKind.SourceCredit:
                    dropped++;
                    if (outlet is null && BoilerplateClassifier.TryParseSourceCredit(body[i].Slice(text), out var named))
                    {
                        outlet = named;
                    }

                    break;
                case LineKind.SocialPost:
                    // One block per post: its text lines and the attribution line that closes it belong together.
                    var last = i;
                    while (last + 1 < body.Count
                        && kinds[last + 1] == LineKind.SocialPost
                        && !BoilerplateClassifier.IsSocialAttribution(body[last].Slice(text)))
                    {
                        last++;
                    }

                    blocks.Add(new TextBlock(new TextSpan(body[i].Start, body[last].End), BlockKind.SocialPost));
                    i = last;
                    break;
                default:
                    blocks.Add(new TextBlock(body[i], ToBlockKind(kinds[i])));
                    break;
            }
        }

        var start = header.FirstLine < endLine ? lines[header.FirstLine].Start : 0;
        var end = endLine > 0 ? lines[endLine - 1].End : 0;
        return new Article(
            document.DocId,
            ordinal,
            header.Title,
            CombineByline(header, outlet),
            header.Date,
            new TextSpan(start, end),
            blocks);
    }

    private static BlockKind ToBlockKind(LineKind kind) => kind switch
    {
        LineKind.Heading => BlockKind.Heading,
        LineKind.Caption => BlockKind.Caption,
        LineKind.SocialPost => BlockKind.SocialPost,
        _ => BlockKind.Body,
    };

    private static string? CombineByline(ArticleHeader header, string? outlet)
    {
        if (outlet is null)
        {
            return header.Byline;
        }

        if (header.Byline is null)
        {
            return outlet;
        }

        // An author-only byline gains the outlet named by the copyright line; a byline naming its outlet stays as written.
        return header.BylineHasOutlet || header.Byline.Contains(outlet, StringComparison.OrdinalIgnoreCase)
            ? header.Byline
            : $"{header.Byline}, {outlet}";
    }

    private static List<ArticleHeader> FindHeaders(string[] values)
    {
        var headers = new List<ArticleHeader>();
        var previousDate = -1;
        for (var d = 0; d < values.Length; d++)
        {
            if (!BoilerplateClassifier.IsDateLine(values[d]))
            {
                continue;
            }

            if (headers.Count > 0 && previousDate == d - 1)
            {
                // "Published ..." followed by "Updated ...": both dates belong to the same header.
                headers[^1] = headers[^1] with { LastLine = d };
                previousDate = d;
                continue;
            }

            var first = d;
            while (first - 1 > previousDate && d - first < MaxHeaderLines && IsHeaderCandidate(values[first - 1]))
            {
                first--;
                if (!IsBylineLike(values[first]))
                {
                    // A headline tops the header; lines above it belong to the previous article.
                    break;
                }
            }

            headers.Add(BuildHeader(values, first, d));
            previousDate = d;
        }

        return headers;
    }

    private static ArticleHeader BuildHeader(string[] values, int first, int dateLine)
    {
        var date = values[dateLine];
        var count = dateLine - first;
        return count switch
        {
            0 => new ArticleHeader(first, dateLine, null, null, date, false),
            1 when IsNameLike(values[first]) => new ArticleHeader(first, dateLine, null, values[first], date, HasBylineSeparator(values[first])),
            1 => new ArticleHeader(first, dateLine, values[first], null, date, false),
            2 => new ArticleHeader(first, dateLine, values[first], values[first + 1], date, HasBylineSeparator(values[first + 1])),
            _ => new ArticleHeader(first, dateLine, values[first], $"{values[first + 1]}, {values[first + 2]}", date, true),
        };
    }

    private static bool IsHeaderCandidate(string value)
    {
        // Headlines, names and outlets are short and do not end like a sentence (a question headline may).
        var endsOpen = !BoilerplateClassifier.EndsWithPunctuation(value) || value.EndsWith('?') || value.EndsWith('!');
        return value.Length <= MaxHeaderLineChars
            && endsOpen
            && (BoilerplateClassifier.StartsUpperOrDigit(value) || value[0] is '"' or '“' or '\'' or '‘')
            && !BoilerplateClassifier.IsStandaloneBoilerplate(value)
            && !BoilerplateClassifier.TryParseSourceCredit(value, out _)
            && !BoilerplateClassifier.IsSocialAttribution(value)
            && !BoilerplateClassifier.ContainsPostLink(value)
            && !BoilerplateClassifier.IsDateLine(value);
    }

    private static bool IsBylineLike(string value) =>
        !value.EndsWith('?') && BoilerplateClassifier.CountWords(value) <= MaxBylineWords;

    private static bool IsNameLike(string value)
    {
        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= MaxNameWords
            && words.All(w => char.IsUpper(w[0]) && w.All(c => char.IsLetter(c) || c is '.' or '-' or '\'' or '’'));
    }

    private static bool HasBylineSeparator(string value) =>
        value.Contains(',', StringComparison.Ordinal)
        || value.Contains(" - ", StringComparison.Ordinal)
        || value.Contains(" – ", StringComparison.Ordinal)
        || value.Contains(" — ", StringComparison.Ordinal)
        || value.Contains('|', StringComparison.Ordinal);

    private static bool IsStandaloneTitle(string[] values, int endLine)
    {
        // A title needs a body after it; a lone line is content, not a headline.
        return endLine >= 2 && IsHeaderCandidate(values[0]);
    }
}
