using AskBot.Core.Answering.Citations;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering;

public sealed class CitationResolverTests
{
    private const string Text = "First sentence here. Sanaullah Ghafari leads the group today. Third sentence follows.";
    private static readonly SourceDocument Document = new("doc", "doc.txt", Text);
    private readonly CitationResolver resolver = new(new TermAnalyzer());

    private static RetrievedChunk ChunkOf(string id, int start, int end)
    {
        var sentences = new SentenceSplitter().Split(Text, new TextSpan(start, end));
        return new RetrievedChunk(new Chunk(id, "doc", 0, "Title", "Byline", "Date", Text[start..end], start, end, sentences, BlockKind.Body), 1, 1, 1);
    }

    [Fact]
    public void Resolve_VerbatimClaim_QuotesItsSentenceAndRenumbersFromOne()
    {
        RetrievedChunk[] sources = [ChunkOf("a", 0, 20), ChunkOf("b", 21, Text.Length)];

        var result = this.resolver.Resolve("Sanaullah Ghafari leads the group today. [2]", sources, _ => Document);

        var citation = Assert.Single(result.Citations);
        Assert.Equal(1, citation.N);
        Assert.Equal("Sanaullah Ghafari leads the group today.", citation.Quote);
        Assert.Equal(Text[citation.Start..citation.End], citation.Quote);
        Assert.Equal("Sanaullah Ghafari leads the group today. [1]", result.Answer);
    }

    [Fact]
    public void Resolve_CitationOfAMissingSource_IsRemovedWithANote()
    {
        RetrievedChunk[] sources = [ChunkOf("a", 0, Text.Length)];

        var result = this.resolver.Resolve("Sanaullah Ghafari leads the group today. [1][7]", sources, _ => Document);

        Assert.Single(result.Citations);
        Assert.Contains("Removed a citation of source 7, which does not exist (the answer was given 1 source).", result.Notes);
        Assert.Equal("Sanaullah Ghafari leads the group today. [1]", result.Answer);
    }

    [Fact]
    public void Resolve_TwoOverlappingChunksQuotingTheSameSentence_ShareOneNumber()
    {
        RetrievedChunk[] sources = [ChunkOf("a", 0, 61), ChunkOf("b", 21, Text.Length)];

        var result = this.resolver.Resolve("Sanaullah Ghafari leads the group today. [1][2]", sources, _ => Document);

        Assert.Single(result.Citations);
        Assert.Equal("Sanaullah Ghafari leads the group today. [1]", result.Answer);
    }
}
