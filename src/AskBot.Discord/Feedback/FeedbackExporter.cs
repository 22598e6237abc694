using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using AskBot.Core.Evaluation;
using AskBot.Core.Storage;

namespace AskBot.Discord.Feedback;

/// <summary>What <see cref="FeedbackExporter"/> writes.</summary>
/// <param name="OutputPath">The question-set file (JSON Lines) to write; replaced atomically, folders created.</param>
/// <param name="IncludeUnhelpful">Also export answers voted mostly Not helpful, as category <c>feedback-unhelpful</c>, for a human to review.</param>
public sealed record FeedbackExportOptions(string OutputPath, bool IncludeUnhelpful = false);

/// <summary>What an export did.</summary>
/// <param name="Exported">Lines written.</param>
/// <param name="Skipped">Voted answers left out: ties, unhelpful ones without <see cref="FeedbackExportOptions.IncludeUnhelpful"/>, and unhelpful refusals (their right answer is unknown).</param>
/// <param name="Unvoted">Stored answers nobody voted on (not exported).</param>
/// <param name="OutputPath">Full path of the file written.</param>
public sealed record FeedbackExportSummary(int Exported, int Skipped, int Unvoted, string OutputPath);

/// <summary>
/// Writes the voted answers of an <see cref="IFeedbackStore"/> as a question set for <c>askbot eval</c> (the format
/// <see cref="QuestionSetReader"/> reads), so what users found helpful becomes a regression test:
/// <list type="bullet">
/// <item>More Helpful than Not helpful votes, not a refusal: <c>answerable: true</c>; <c>sources</c> are the cited
/// documents, <c>evidence</c> the quoted spans, and <c>answers</c> what the helpful answer says that a later answer must
/// still say: its short lead (a name, date or figure, when the answer leads with one) and every quote the answer
/// repeats (each checked with <see cref="AnswerNormalizer.ContainsAnswer"/> against the stored answer).</item>
/// <item>More Helpful votes on a refusal: <c>answerable: false</c>.</item>
/// <item>More Not helpful votes (only with <see cref="FeedbackExportOptions.IncludeUnhelpful"/>), on an answer:
/// <c>answerable: false</c>, category <c>feedback-unhelpful</c>, so the case fails while the bot still gives that
/// answer until a human has reviewed it. An unhelpful refusal is skipped: it would need answers nobody gave.</item>
/// </list>
/// The question is the stored standalone question, since the conversation history is not stored; the question as
/// asked, the bot's answer and the vote counts are added as extra fields, which the reader ignores. Ids are
/// <c>fb-&lt;answerId&gt;</c>, category <c>feedback</c>.
/// </summary>
public sealed partial class FeedbackExporter
{
    /// <summary>Category of exported helpful answers.</summary>
    public const string HelpfulCategory = "feedback";

    /// <summary>Category of exported unhelpful answers (to be reviewed).</summary>
    public const string UnhelpfulCategory = "feedback-unhelpful";

    // A lead longer than this is a sentence, not a short direct answer.
    private const int MaxLeadWords = 8;

    private readonly IFeedbackStore store;

    public FeedbackExporter(IFeedbackStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
    }

    /// <summary>Writes the question set; readers of <see cref="FeedbackExportOptions.OutputPath"/> see the old or the complete new file.</summary>
    public async Task<FeedbackExportSummary> ExportAsync(FeedbackExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputPath);
        var lines = new StringBuilder();
        int exported = 0, skipped = 0, unvoted = 0;
        await foreach (var entry in this.store.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.HelpfulVotes == 0 && entry.UnhelpfulVotes == 0)
            {
                unvoted++;
                continue;
            }

            var line = Line(entry, options.IncludeUnhelpful);
            if (line is null)
            {
                skipped++;
                continue;
            }

            lines.Append(line).Append('\n');
            exported++;
        }

        var fullPath = Path.GetFullPath(options.OutputPath);
        await WriteAtomicallyAsync(fullPath, lines.ToString(), cancellationToken).ConfigureAwait(false);
        return new FeedbackExportSummary(exported, skipped, unvoted, fullPath);
    }

    /// <summary>The question-set line of <paramref name="entry"/>, or null when it is not exported.</summary>
    internal static string? Line(FeedbackEntry entry, bool includeUnhelpful)
    {
        var record = entry.Answer;
        bool answerable;
        string category;
        IReadOnlyList<string> answers = [];
        if (entry.HelpfulVotes > entry.UnhelpfulVotes)
        {
            category = HelpfulCategory;
            answerable = !record.Refused;
            if (answerable)
            {
                answers = AcceptedAnswers(record);
                if (answers.Count == 0)
                {
                    return null;
                }
            }
        }
        else if (entry.UnhelpfulVotes > entry.HelpfulVotes && includeUnhelpful && !record.Refused)
        {
            category = UnhelpfulCategory;
            answerable = false;
        }
        else
        {
            return null;
        }

        var question = string.IsNullOrWhiteSpace(record.StandaloneQuestion) ? record.Question : record.StandaloneQuestion;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "fb-" + record.AnswerId);
            writer.WriteString("question", question.Trim());
            writer.WriteBoolean("answerable", answerable);
            if (answerable)
            {
                WriteStrings(writer, "answers", answers);
                WriteStrings(writer, "sources", record.Citations.Select(c => c.DocId).Distinct(StringComparer.Ordinal));
                WriteStrings(writer, "evidence", record.Citations.Select(c => c.Quote.Trim()).Where(q => q.Length > 0).Distinct(StringComparer.Ordinal));
            }

            writer.WriteString("category", category);
            if (!string.Equals(record.Question.Trim(), question.Trim(), StringComparison.Ordinal))
            {
                writer.WriteString("askedAs", record.Question);
            }

            writer.WriteString("botAnswer", record.Answer);
            writer.WriteNumber("helpfulVotes", entry.HelpfulVotes);
            writer.WriteNumber("unhelpfulVotes", entry.UnhelpfulVotes);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// What a later answer must contain to count as the same answer: the short lead (e.g. "Jane Smith" of
    /// "Jane Smith [1]. …") and the quotes the answer repeats; failing both, the first claim sentence.
    /// Only candidates the stored answer itself contains are kept, so the exported case passes on today's answer.
    /// </summary>
    internal static IReadOnlyList<string> AcceptedAnswers(AnswerRecord record)
    {
        var plain = MarkerRegex().Replace(record.Answer, " ");
        var sentences = SentenceRegex().Split(plain)
            .Select(s => s.Trim().TrimEnd('.', ' ').Trim())
            .Where(s => s.Length > 0 && !s.EndsWith(':'))
            .ToList();
        var candidates = new List<string>();
        if (sentences.Count > 0 && sentences[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxLeadWords)
        {
            candidates.Add(sentences[0]);
        }

        candidates.AddRange(record.Citations.Select(c => c.Quote.Trim()).Where(q => q.Length > 0));
        var accepted = candidates
            .Where(c => AnswerNormalizer.ContainsAnswer(plain, [c]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (accepted.Count == 0 && sentences.Count > 0 && AnswerNormalizer.ContainsAnswer(plain, [sentences[0]]))
        {
            accepted.Add(sentences[0]);
        }

        return accepted;
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static async Task WriteAtomicallyAsync(string fullPath, string text, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);

        // Same folder as the target, so the final move is a rename on one volume.
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceRegex();
}
