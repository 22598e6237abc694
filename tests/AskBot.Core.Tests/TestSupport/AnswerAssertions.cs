using AskBot.Core.Answering;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.TestSupport;

/// <summary>Checks every answer must pass: verbatim quotes, numbering from 1 in order of use, and supported claims.</summary>
public static class AnswerAssertions
{
    private static readonly SupportChecker Checker = new(new TermAnalyzer());

    public static void AssertGrounded(AskResult result)
    {
        Assert.False(result.Refused, $"refused: {result.StandaloneQuestion}");
        Assert.NotEmpty(result.Citations);
        for (var i = 0; i < result.Citations.Count; i++)
        {
            var citation = result.Citations[i];
            Assert.Equal(i + 1, citation.N);
            var text = RepoPaths.SeedText(citation.DocId);
            Assert.Equal(text[citation.Start..citation.End], citation.Quote);
            Assert.False(string.IsNullOrWhiteSpace(citation.Quote));
        }

        var firstUse = AnswerClaimParser.Parse(result.Answer).SelectMany(c => c.Numbers).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, result.Citations.Count), firstUse);

        foreach (var claim in AnswerClaimParser.Parse(result.Answer))
        {
            if (Checker.IsLeadIn(claim.Text))
            {
                continue;
            }

            Assert.True(claim.Numbers.Count > 0, $"uncited sentence: '{claim.Text}'\n{result.Answer}");
            var passage = string.Join("\n", claim.Numbers.Select(n => result.Citations[n - 1]).Select(c => $"{c.Title}\n{c.Byline}\n{c.Date}\n{c.Quote}"));
            Assert.True(Checker.IsSupported(claim.Text, passage), $"unsupported: '{claim.Text}'\nby: {passage}");
        }
    }
}
