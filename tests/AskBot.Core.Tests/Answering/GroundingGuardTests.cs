using AskBot.Core.Answering;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using AskBot.Core.Telemetry;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering;

public sealed class GroundingGuardTests
{
    private const string Text =
        "Today ISIS-K is based in eastern Afghanistan and Pakistan. It is led by a 29-year-old named Sanaullah Ghafari. "
        + "The group emerged in late 2014. Russia said 11 people were arrested after the attack.";

    private static readonly SourceDocument Document = new("doc", "doc.txt", Text);

    private readonly GroundingGuard guard;

    public GroundingGuardTests()
    {
        var analyzer = new TermAnalyzer();
        this.guard = new GroundingGuard(new SupportChecker(analyzer), new CitationResolver(analyzer), new AskBotTelemetry());
    }

    private static RetrievedChunk ChunkOf(string id, int start, int end, string? title = "What is ISIS-K?", string? byline = "Reuters", string? date = "March 25, 2024")
    {
        var sentences = new SentenceSplitter().Split(Text, new TextSpan(start, end));
        return new RetrievedChunk(new Chunk(id, "doc", 0, title, byline, date, Text[start..end], start, end, sentences, BlockKind.Body), 1, 1, 1);
    }

    private static RetrievedChunk[] TwoSources()
    {
        var split = Text.IndexOf("The group", StringComparison.Ordinal);
        return [ChunkOf("a", 0, split - 1), ChunkOf("b", split, Text.Length)];
    }

    private GroundedAnswer Guard(string answer, UnsupportedSentenceHandling mode = UnsupportedSentenceHandling.Drop) =>
        this.guard.Guard(answer, TwoSources(), _ => Document, mode);

    [Fact]
    public void Guard_VerbatimSupportedAnswer_IsKeptUnchanged()
    {
        var result = this.Guard("It is led by a 29-year-old named Sanaullah Ghafari. [1]\nThe group emerged in late 2014. [2]");

        Assert.False(result.Refused);
        Assert.Empty(result.Notes);
        Assert.Equal("It is led by a 29-year-old named Sanaullah Ghafari. [1]\nThe group emerged in late 2014. [2]", result.Answer);
        Assert.Equal(2, result.Citations.Count);
    }

    [Fact]
    public void Guard_CitationOfAMissingSource_IsRemovedWithANote()
    {
        var result = this.Guard("The group emerged in late 2014. [2][7]");

        Assert.Equal("The group emerged in late 2014. [1]", result.Answer);
        Assert.Contains("Removed a citation of source 7, which does not exist (the answer was given 2 sources).", result.Notes);
        Assert.Single(result.Citations);
    }

    [Fact]
    public void Guard_CitationThatDoesNotSupportItsSentence_IsRemovedAndTheSupportingOneKept()
    {
        var result = this.Guard("The group emerged in late 2014. [1][2]");

        Assert.Equal("The group emerged in late 2014. [1]", result.Answer);
        Assert.Contains(result.Notes, n => n.StartsWith("Removed a citation of “What is ISIS-K?” (doc) from a sentence it does not support (", StringComparison.Ordinal));
        Assert.Equal("The group emerged in late 2014.", Assert.Single(result.Citations).Quote);
    }

    [Fact]
    public void Guard_UnsupportedSentence_IsDroppedWithANote()
    {
        var result = this.Guard("It is led by a 29-year-old named Sanaullah Ghafari. [1] Ghafari was born in Kabul in 1994. [1]\nThe group emerged in late 2014. [2]");

        Assert.False(result.Refused);
        Assert.Equal("It is led by a 29-year-old named Sanaullah Ghafari. [1]\nThe group emerged in late 2014. [2]", result.Answer);
        Assert.Contains(result.Notes, n => n.StartsWith("Removed a citation of “What is ISIS-K?” (doc) from a sentence it does not support (", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.StartsWith("Dropped an unsupported sentence: \"Ghafari was born in Kabul", StringComparison.Ordinal));
    }

    [Fact]
    public void Guard_UncitedInventedSentence_IsDropped()
    {
        var result = this.Guard("The group emerged in late 2014. [2] It was founded by aliens from Mars.");

        Assert.Equal("The group emerged in late 2014. [1]", result.Answer);
        Assert.Contains(result.Notes, n => n.StartsWith("Dropped an unsupported sentence:", StringComparison.Ordinal));
    }

    [Fact]
    public void Guard_LongUnsupportedSentence_IsQuotedShortenedInItsNote()
    {
        var invented = "The group " + string.Concat(Enumerable.Repeat("also controls a secret fleet of submarines ", 5)) + "in the Arctic.";
        var result = this.Guard("The group emerged in late 2014. [2] " + invented);

        var note = Assert.Single(result.Notes);
        Assert.True(note.Length < 130, note);
        Assert.EndsWith("…\"", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_MarkMode_KeepsTheUnsupportedSentenceVisiblyMarked()
    {
        var result = this.Guard("The group emerged in late 2014. [2] It was founded by aliens from Mars.", UnsupportedSentenceHandling.Mark);

        Assert.False(result.Refused);
        Assert.Equal("The group emerged in late 2014. [1] It was founded by aliens from Mars [unsupported].", result.Answer);
        Assert.Contains(result.Notes, n => n.StartsWith("Marked an unsupported sentence:", StringComparison.Ordinal));
        Assert.Single(result.Citations);
    }

    [Fact]
    public void Guard_NotesAreUniqueAndNameNoBracketedNumberTheShownAnswerCouldReuse()
    {
        // Source 2 is cited by two sentences it does not support, and source 7 twice though it does not exist; after
        // renumbering the answer shows its own [1], so a note must not say "[2]" or "[7]".
        var result = this.Guard("It is led by a 29-year-old named Sanaullah Ghafari. [2][7]\nToday ISIS-K is based in eastern Afghanistan and Pakistan. [1][2][7]");

        Assert.False(result.Refused);
        Assert.Equal(result.Notes.Count, result.Notes.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(result.Notes, n => n.Contains('[', StringComparison.Ordinal));
        Assert.Single(result.Notes, n => n.StartsWith("Removed a citation of source 7,", StringComparison.Ordinal));
    }

    [Fact]
    public void Guard_NothingSupported_BecomesTheRefusal()
    {
        var result = this.Guard("Ghafari was born in Kabul in 1994. [1] It was founded by aliens from Mars. [9]");

        Assert.True(result.Refused);
        Assert.Equal(AnswerTexts.Refusal, result.Answer);
        Assert.Empty(result.Citations);
        Assert.Contains("Removed a citation of source 9, which does not exist (the answer was given 2 sources).", result.Notes);
        Assert.Contains(result.Notes, n => n.StartsWith("No sentence of the answer was supported", StringComparison.Ordinal));
    }

    [Fact]
    public void Guard_ARefusedDraftOrOneWithNothingSupported_KeepsTheDraftsOwnNotes()
    {
        const string fallback = "The language model was unavailable (timed out); this is the offline extractive answer.";
        var refused = DraftAnswer.Refusal with { Notes = [fallback] };
        var unsupported = DraftAnswer.FromText("It was founded by aliens from Mars. [1]") with { Notes = [fallback] };

        var fromRefused = this.guard.Guard(refused, TwoSources(), _ => Document);
        var fromUnsupported = this.guard.Guard(unsupported, TwoSources(), _ => Document);

        Assert.True(fromRefused.Refused);
        Assert.Equal([fallback], fromRefused.Notes);
        Assert.True(fromUnsupported.Refused);
        Assert.Equal(fallback, fromUnsupported.Notes[0]);
    }

    [Fact]
    public void Guard_NothingSupportedInMarkMode_StillRefuses()
    {
        var result = this.Guard("It was founded by aliens from Mars.", UnsupportedSentenceHandling.Mark);

        Assert.True(result.Refused);
        Assert.Equal(AnswerTexts.Refusal, result.Answer);
    }

    [Fact]
    public void Guard_ProviderRefusal_StaysARefusalWithoutNotes()
    {
        var result = this.Guard(AnswerTexts.Refusal);

        Assert.True(result.Refused);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Guard_SupportedParaphrase_IsKeptAndQuotedVerbatim()
    {
        var result = this.Guard("ISIS-K is led by Sanaullah Ghafari, who is 29 years old. [1]");

        Assert.False(result.Refused);
        Assert.Empty(result.Notes);
        Assert.Equal("ISIS-K is led by Sanaullah Ghafari, who is 29 years old. [1]", result.Answer);
        var citation = Assert.Single(result.Citations);
        Assert.Equal("It is led by a 29-year-old named Sanaullah Ghafari.", citation.Quote);
        Assert.Equal(Text[citation.Start..citation.End], citation.Quote);
    }

    [Fact]
    public void Guard_ParaphraseUsingTheSourcesByline_IsSupportedByTheHeader()
    {
        var result = this.Guard("Reuters reported that the group emerged in late 2014. [2]");

        Assert.False(result.Refused);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Guard_FactFreeLeadIn_IsKeptWithoutACitation()
    {
        var result = this.Guard("Here is what the sources say:\n- The group emerged in late 2014. [2]\n- Invented line about Mars. [1]\n- Russia said 11 people were arrested after the attack. [2]");

        Assert.Equal("Here is what the sources say:\n- The group emerged in late 2014. [1]\n- Russia said 11 people were arrested after the attack. [1]", result.Answer);
        Assert.Single(result.Notes, n => n.StartsWith("Dropped an unsupported sentence:", StringComparison.Ordinal));
    }
}
