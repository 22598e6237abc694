using AskBot.Core.Evaluation;

namespace AskBot.Core.Tests.Evaluation;

/// <summary>The shipped eval/questions.jsonl is well-formed and its gold data matches the seed files.</summary>
public sealed class ShippedQuestionSetTests
{
    private static readonly string SetPath = Path.Combine(RepoPaths.Root, "eval", "questions.jsonl");

    [Fact]
    public async Task ShippedSet_IsValidWithEnoughAnswerableAndUnanswerableQuestions()
    {
        var questions = await new QuestionSetReader().ReadAsync(SetPath);

        Assert.True(questions.Count >= 250, $"{questions.Count} questions");
        Assert.True(questions.Count(q => !q.Answerable) >= 80, $"{questions.Count(q => !q.Answerable)} unanswerable");
    }

    [Fact]
    public async Task ShippedSet_EverySourceExistsAndEveryEvidenceStringIsVerbatimInOneOfItsSources()
    {
        var questions = await new QuestionSetReader().ReadAsync(SetPath);
        var problems = new List<string>();

        foreach (var question in questions)
        {
            var texts = new List<string>();
            foreach (var source in question.Sources)
            {
                var file = Path.Combine(RepoPaths.Seeds, source + ".txt");
                if (File.Exists(file))
                {
                    texts.Add(RepoPaths.SeedText(source));
                }
                else
                {
                    problems.Add($"{question.Id}: source {source} has no seed file");
                }
            }

            problems.AddRange(question.Evidence
                .Where(e => !texts.Any(t => t.Contains(e, StringComparison.Ordinal)))
                .Select(e => $"{question.Id}: evidence not verbatim in its sources: \"{e}\""));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
