using System.Text;
using System.Text.Json;

namespace AskBot.Core.Evaluation;

/// <summary>
/// Reads a question set (JSON Lines, one <see cref="EvalQuestion"/> per line). Every malformed line is reported
/// at once, so a broken file is fixed in one pass instead of one error per run.
/// </summary>
public sealed class QuestionSetReader
{
    /// <summary>Reads and validates every line of <paramref name="path"/>.</summary>
    /// <exception cref="QuestionSetException">The file is missing or has malformed lines (all of them listed).</exception>
    public async Task<IReadOnlyList<EvalQuestion>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new QuestionSetException($"question set not found: {path}", ex);
        }

        return Parse(path, text);
    }

    /// <summary>Parses question-set text; <paramref name="path"/> only names the source in the exception.</summary>
    internal static IReadOnlyList<EvalQuestion> Parse(string path, string text)
    {
        var questions = new List<EvalQuestion>();
        var errors = new List<string>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var problems = new List<string>();
            var question = ParseLine(line, lineNumber, problems);
            if (question is not null)
            {
                if (firstLineOfId.TryGetValue(question.Id, out var first))
                {
                    problems.Add($"duplicate id '{question.Id}' (first on line {first})");
                }
                else
                {
                    firstLineOfId.Add(question.Id, lineNumber);
                }
            }

            if (problems.Count > 0)
            {
                errors.AddRange(problems.Select(p => $"line {lineNumber}: {p}"));
            }
            else if (question is not null)
            {
                questions.Add(question);
            }
        }

        if (errors.Count > 0)
        {
            throw new QuestionSetException(path, errors);
        }

        return questions;
    }

    private static EvalQuestion? ParseLine(string line, int lineNumber, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            problems.Add("invalid JSON: " + ex.Message);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"expected a JSON object, found {root.ValueKind}");
                return null;
            }

            var id = RequiredString(root, "id", problems);
            var question = RequiredString(root, "question", problems);
            var category = RequiredString(root, "category", problems);
            bool? answerable = null;
            if (!root.TryGetProperty("answerable", out var answerableElement))
            {
                problems.Add("missing field 'answerable'");
            }
            else if (answerableElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                answerable = answerableElement.GetBoolean();
            }
            else
            {
                problems.Add($"field 'answerable' must be true or false, found {answerableElement.ValueKind}");
            }

            var history = OptionalStrings(root, "history", problems);
            var answers = OptionalStrings(root, "answers", problems);
            var sources = OptionalStrings(root, "sources", problems);
            var evidence = OptionalStrings(root, "evidence", problems);
            if (answerable == true && answers.Count == 0)
            {
                problems.Add("answerable is true but 'answers' is empty");
            }

            if (id is null || question is null || category is null || answerable is null)
            {
                return null;
            }

            return new EvalQuestion(id, question, history, answerable.Value, answers, sources, evidence, category, lineNumber);
        }
    }

    private static string? RequiredString(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            problems.Add($"missing field '{name}'");
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add($"field '{name}' must be a string, found {element.ValueKind}");
            return null;
        }

        var value = element.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"field '{name}' is empty");
            return null;
        }

        return value;
    }

    private static IReadOnlyList<string> OptionalStrings(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"field '{name}' must be an array of strings, found {element.ValueKind}");
            return [];
        }

        var values = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                problems.Add($"field '{name}[{index}]' must be a string, found {item.ValueKind}");
            }
            else if (string.IsNullOrWhiteSpace(item.GetString()))
            {
                problems.Add($"field '{name}[{index}]' is empty");
            }
            else
            {
                values.Add(item.GetString()!);
            }

            index++;
        }

        return values;
    }
}
