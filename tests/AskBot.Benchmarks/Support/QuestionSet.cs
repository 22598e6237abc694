using System.Text.Json;

namespace AskBot.Benchmarks.Support;

/// <summary>The questions of eval/questions.jsonl (only the last turn's text; history is not replayed).</summary>
internal static class QuestionSet
{
    public static IReadOnlyList<string> Load(string path)
    {
        var questions = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("question", out var question) && question.GetString() is { Length: > 0 } text)
            {
                questions.Add(text);
            }
        }

        return questions;
    }
}
