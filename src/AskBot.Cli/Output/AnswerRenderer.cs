using System.Globalization;
using System.Text;
using AskBot.Core.Answering;

namespace AskBot.Cli.Output;

/// <summary>Renders answers, their sources and the retrieval explanation as console text. Everything echoed is sanitised.</summary>
public static class AnswerRenderer
{
    private const string QuoteIndent = "    ";

    /// <summary>Quotes longer than this are shortened in the chat's per-answer source list (<c>/sources</c> shows them whole).</summary>
    public const int ShortQuoteChars = 200;

    /// <summary>The answer, then the cited sources; a refusal has no sources.</summary>
    public static string Answer(AskResult result, int width, bool fullQuotes, bool includeNotes)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder();
        builder.Append(TextWrapper.Wrap(TextSanitizer.MultiLine(result.Answer).Trim(), width)).Append('\n');
        if (!result.Refused && result.Citations.Count > 0)
        {
            builder.Append('\n').Append(Sources(result.Citations, width, fullQuotes));
        }

        if (includeNotes)
        {
            builder.Append(Notes(result.Notes, width));
        }

        return builder.ToString();
    }

    /// <summary>The "Notes" block (empty when there are none), preceded by a blank line.</summary>
    public static string Notes(IReadOnlyList<string> notes, int width)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("\nNotes\n");
        foreach (var note in notes)
        {
            builder.Append(TextWrapper.Wrap("- " + TextSanitizer.SingleLine(note), width)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The "Sources" list: one header line per citation and its quote, indented and wrapped.</summary>
    public static string Sources(IReadOnlyList<Citation> citations, int width, bool fullQuotes)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var builder = new StringBuilder("Sources\n");
        foreach (var citation in citations)
        {
            // One line even when long: scripts and eyes both look for "[n] ... (docId)".
            builder.Append(Header(citation)).Append('\n');
            var quote = TextSanitizer.SingleLine(citation.Quote);
            if (!fullQuotes)
            {
                quote = Shorten(quote, ShortQuoteChars);
            }

            builder.Append(TextWrapper.Wrap('"' + quote + '"', width, QuoteIndent)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary><c>[n] Title — Byline, Date (docId)</c>, or <c>(docId, p. N)</c> for a paged file, leaving out the parts the article does not give.</summary>
    public static string Header(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var title = TextSanitizer.SingleLine(citation.Title);
        var byline = TextSanitizer.SingleLine(citation.Byline);
        var date = TextSanitizer.SingleLine(citation.Date);
        var docId = TextSanitizer.SingleLine(citation.DocId);
        var header = new StringBuilder()
            .Append('[').Append(citation.N.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(title.Length > 0 ? title : "(untitled)");
        var attribution = string.Join(", ", new[] { byline, date }.Where(part => part.Length > 0));
        if (attribution.Length > 0)
        {
            header.Append(" — ").Append(attribution);
        }

        header.Append(" (").Append(docId);
        if (citation.Page is int page)
        {
            header.Append(", p. ").Append(page.ToString(CultureInfo.InvariantCulture));
        }

        return header.Append(')').ToString();
    }

    /// <summary>Why the answer is what it is: the standalone rewrite, the retrieved chunks with scores, and the notes.</summary>
    public static string Why(AskResult result, int width)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder();
        builder.Append(TextWrapper.Wrap("Standalone question: " + TextSanitizer.SingleLine(result.StandaloneQuestion), width)).Append('\n');
        builder.Append("Retrieved:\n");
        if (result.Retrieved.Count == 0)
        {
            builder.Append("  (nothing)\n");
        }

        foreach (var retrieved in result.Retrieved)
        {
            builder.Append("  ")
                .Append(retrieved.Score.ToString("0.000", CultureInfo.InvariantCulture))
                .Append("  ")
                .Append(TextSanitizer.SingleLine(retrieved.Chunk.ChunkId))
                .Append('\n');
        }

        builder.Append("Notes:\n");
        if (result.Notes.Count == 0)
        {
            builder.Append("  (none)\n");
        }

        foreach (var note in result.Notes)
        {
            builder.Append(TextWrapper.Wrap("- " + TextSanitizer.SingleLine(note), width, "  ")).Append('\n');
        }

        return builder.ToString();
    }

    private static string Shorten(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxChars);
        return text[..(cut > maxChars / 2 ? cut : maxChars)].TrimEnd() + " …";
    }
}
