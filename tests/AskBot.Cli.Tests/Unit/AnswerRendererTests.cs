using AskBot.Cli.Output;
using AskBot.Core.Answering;

namespace AskBot.Cli.Tests.Unit;

/// <summary>Console rendering of answers, sources and /why.</summary>
public sealed class AnswerRendererTests
{
    [Fact]
    public void Source_header_shows_title_byline_date_and_doc_id()
    {
        var citation = TestAnswers.Cited().Citations[0];

        Assert.Equal("[1] Who is ISIS-K? — By Jane Doe, March 25, 2024 (000_75d4ad7e9ff018e8)", AnswerRenderer.Header(citation));
    }

    [Fact]
    public void Source_header_leaves_out_missing_parts()
    {
        var citation = new Citation(2, "doc", null, null, "May 1", "q", 0, 1, "doc#0.0");

        Assert.Equal("[2] (untitled) — May 1 (doc)", AnswerRenderer.Header(citation));
    }

    [Fact]
    public void Answer_is_followed_by_sources_with_indented_quotes()
    {
        var text = AnswerRenderer.Answer(TestAnswers.Cited(), 60, fullQuotes: true, includeNotes: false);
        var lines = text.Split('\n');

        Assert.Equal("Sanaullah Ghafari leads ISIS-K [1].", lines[0]);
        Assert.Contains("Sources", lines);
        Assert.All(lines.SkipWhile(l => !l.StartsWith('[')).Skip(1).Where(l => l.Length > 0), l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
        Assert.All(lines.Where(l => !l.StartsWith('[')), l => Assert.True(l.Length <= 60, l));
    }

    [Fact]
    public void Refusal_has_no_sources()
    {
        var text = AnswerRenderer.Answer(TestAnswers.Refusal(), 80, fullQuotes: true, includeNotes: true);

        Assert.Equal("The articles don't say.\n", text);
    }

    [Fact]
    public void Control_characters_in_answer_text_are_removed()
    {
        var result = TestAnswers.Cited() with { Answer = "Red \u001b[31malert\u0007 [1]." };

        var text = AnswerRenderer.Answer(result, 80, fullQuotes: false, includeNotes: false);

        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
        Assert.StartsWith("Red [31malert [1].", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Why_shows_rewrite_chunk_ids_with_scores_and_notes()
    {
        var text = AnswerRenderer.Why(TestAnswers.Cited("How old is he?", "How old is Sanaullah Ghafari?"), 80);

        Assert.Contains("Standalone question: How old is Sanaullah Ghafari?", text, StringComparison.Ordinal);
        Assert.Contains("  0.875  000_75d4ad7e9ff018e8#0.3", text, StringComparison.Ordinal);
        Assert.Contains("- Figures differ between sources.", text, StringComparison.Ordinal);
    }
}
