using System.Globalization;
using System.Text;
using AskBot.Core.Answering;
using AskBot.Discord.Models;

namespace AskBot.Discord.Bot;

/// <summary>
/// Turns an <see cref="AskResult"/> into Discord messages: the answer (with its <c>[n]</c> markers and notes) split at
/// sentence boundaries into messages of at most 2000 characters, and on the last message a "Sources" embed (one field
/// per citation: title, outlet and date, the quoted span) and the Helpful / Not helpful buttons. Every Discord limit is
/// kept: field name ≤ 256, value ≤ 1024, ≤ 25 fields per embed, ≤ 10 embeds and ≤ 6000 characters across them; when
/// the citations don't fit even with shortened quotes, the rest are left out and the footer says "+N more".
/// Pure: no I/O, no clock.
/// </summary>
public static class AnswerFormatter
{
    /// <summary>Title of the first sources embed.</summary>
    public const string SourcesTitle = "Sources";

    private const string Ellipsis = "…";

    // A field smaller than this would show too little of its quote to be worth showing.
    private const int MinFieldChars = 96;

    /// <summary>The messages of <paramref name="result"/>, in posting order; the last one carries embed and buttons.</summary>
    public static IReadOnlyList<MessagePayload> Format(AskResult result, string answerId)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(answerId);
        var chunks = MessageSplitter.Split(Content(result), DiscordLimits.ContentChars);
        if (chunks.Count == 0)
        {
            chunks = [AnswerTexts.Refusal];
        }

        var embeds = result.Refused || result.Citations.Count == 0 ? null : SourcesEmbeds(result.Citations, Footer(result.Provider));
        var messages = new List<MessagePayload>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            messages.Add(new MessagePayload(
                Content: chunks[i],
                Embeds: last ? embeds : null,
                Components: last ? [FeedbackButtons.Row(answerId)] : null));
        }

        return messages;
    }

    /// <summary>The answer text as posted: escaped answer, then each note as an italic line.</summary>
    public static string Content(AskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder(DiscordMarkdown.EscapeAnswer(result.Answer.Trim()));
        var notes = result.Notes.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (notes.Count > 0)
        {
            builder.Append('\n');
            foreach (var note in notes)
            {
                // '*' inside is escaped by EscapeQuote, so the italics can't be broken open by the note's text.
                builder.Append('\n').Append('*').Append(DiscordMarkdown.EscapeQuote(note.Trim())).Append('*');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The sources embeds. Each field gets at most a fair share of what is left of the 6000-character budget, so
    /// many citations shorten every quote instead of the first ones using it all.
    /// </summary>
    internal static IReadOnlyList<Embed> SourcesEmbeds(IReadOnlyList<Citation> citations, string footer)
    {
        const int maxFields = DiscordLimits.EmbedFields * DiscordLimits.EmbedsPerMessage;

        // Room for the title, and for a "+N more" suffix on the footer, is set aside first.
        var moreSuffix = string.Create(CultureInfo.InvariantCulture, $" · +{citations.Count} more sources");
        var budget = DiscordLimits.EmbedTotalChars - SourcesTitle.Length - footer.Length - moreSuffix.Length;
        var shown = Math.Min(Math.Min(citations.Count, maxFields), budget / MinFieldChars);
        var fields = new List<EmbedField>(shown);
        for (var i = 0; i < shown; i++)
        {
            var field = Field(citations[i], budget / (shown - i));
            fields.Add(field);
            budget -= field.Name.Length + field.Value.Length;
        }

        var omitted = citations.Count - fields.Count;
        var embeds = new List<Embed>();
        for (var start = 0; start < fields.Count; start += DiscordLimits.EmbedFields)
        {
            var page = fields.Skip(start).Take(DiscordLimits.EmbedFields).ToList();
            var isLast = start + DiscordLimits.EmbedFields >= fields.Count;
            var footerText = omitted > 0
                ? footer + string.Create(CultureInfo.InvariantCulture, $" · +{omitted} more sources")
                : footer;
            embeds.Add(new Embed(
                Title: start == 0 ? SourcesTitle : null,
                Fields: page,
                Footer: isLast ? new EmbedFooter(Truncate(footerText, DiscordLimits.EmbedFooterChars)) : null));
        }

        return embeds;
    }

    /// <summary>Total characters Discord counts toward the 6000 limit of one message's embeds.</summary>
    public static int CountedChars(IEnumerable<Embed> embeds)
    {
        ArgumentNullException.ThrowIfNull(embeds);
        return embeds.Sum(e =>
            (e.Title?.Length ?? 0)
            + (e.Description?.Length ?? 0)
            + (e.Footer?.Text.Length ?? 0)
            + (e.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0));
    }

    private static EmbedField Field(Citation citation, int maxChars)
    {
        var title = string.IsNullOrWhiteSpace(citation.Title) ? "(untitled)" : citation.Title.Trim();
        var nameLimit = Math.Min(DiscordLimits.EmbedFieldNameChars, Math.Max(24, maxChars / 4));
        var name = Truncate(string.Create(CultureInfo.InvariantCulture, $"[{citation.N}] ") + DiscordMarkdown.EscapeQuote(title), nameLimit);

        var page = citation.Page is int number ? string.Create(CultureInfo.InvariantCulture, $"p. {number}") : null;
        var source = string.Join(" · ", new[] { citation.Byline, citation.Date, citation.DocId, page }
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => DiscordMarkdown.EscapeQuote(s!.Trim())));
        var valueLimit = Math.Min(DiscordLimits.EmbedFieldValueChars, maxChars - name.Length);
        return new EmbedField(name, QuoteValue(source, citation.Quote.Trim(), valueLimit));
    }

    private static string QuoteValue(string source, string quote, int maxChars)
    {
        var full = Value(source, DiscordMarkdown.EscapeQuote(quote));
        if (full.Length <= maxChars)
        {
            return full;
        }

        // Escaping lengthens the text, so the raw quote is cut first and shortened until the escaped value fits.
        var keep = Math.Max(0, quote.Length - (full.Length - maxChars) - Ellipsis.Length);
        while (true)
        {
            var cut = quote[..keep].TrimEnd();
            var escaped = DiscordMarkdown.EscapeQuote(cut);
            var value = Value(source, escaped + Ellipsis);
            if (value.Length <= maxChars || keep == 0)
            {
                return value.Length <= maxChars ? value : Truncate(source, maxChars);
            }

            keep = Math.Max(0, keep - Math.Max(1, value.Length - maxChars));
        }
    }

    private static string Value(string source, string escapedQuote)
        => source.Length == 0 ? $"> \"{escapedQuote}\"" : $"{source}\n> \"{escapedQuote}\"";

    private static string Footer(string provider)
        => string.Equals(provider, "Extractive", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(provider)
            ? "AskBot · offline extractive answers"
            : "AskBot · " + provider.Trim();

    private static string Truncate(string text, int maxChars)
        => text.Length <= maxChars ? text : text[..(maxChars - Ellipsis.Length)].TrimEnd() + Ellipsis;
}
