using System.Diagnostics.Metrics;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Retrieval;
using AskBot.Core.Telemetry;
using AskBot.Core.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Core.Tests.Answering;

/// <summary>The guard counts what it removes from each answer in <c>askbot.guard.drops</c>, tagged by kind.</summary>
public sealed class GroundingGuardTelemetryTests : IDisposable
{
    private const string Text =
        "Today ISIS-K is based in eastern Afghanistan and Pakistan. It is led by a 29-year-old named Sanaullah Ghafari. "
        + "The group emerged in late 2014. Russia said 11 people were arrested after the attack.";

    private static readonly SourceDocument Document = new("doc", "doc.txt", Text);

    private readonly ServiceProvider services;
    private readonly AskBotTelemetry telemetry;
    private readonly GroundingGuard guard;
    private readonly MeterListener listener = new();
    private readonly List<(long Value, string? Kind)> drops = [];

    public GroundingGuardTelemetryTests()
    {
        // A meter factory of its own, so measurements from other tests running at the same time are never seen here.
        this.services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = this.services.GetRequiredService<IMeterFactory>();
        this.telemetry = new AskBotTelemetry(meterFactory);
        var analyzer = new TermAnalyzer();
        this.guard = new GroundingGuard(new SupportChecker(analyzer), new CitationResolver(analyzer), this.telemetry);
        this.listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "askbot.guard.drops")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        this.listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? kind = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "askbot.guard.kind")
                {
                    kind = tag.Value as string;
                }
            }

            this.drops.Add((value, kind));
        });
        this.listener.Start();
    }

    public void Dispose()
    {
        this.listener.Dispose();
        this.telemetry.Dispose();
        this.services.Dispose();
    }

    [Fact]
    public void Guard_AnswerWithUnsupportedSentenceAndBadCitations_RecordsDroppedSentenceAndCitations()
    {
        // The second sentence cites a source that doesn't support it ([1]) and one that doesn't exist ([9]).
        var result = this.Guard("The group emerged in late 2014. [2] It was founded by aliens from Mars. [1][9]");

        Assert.False(result.Refused);
        Assert.Equal([(1L, "sentence"), (2L, "citation")], this.drops);
    }

    [Fact]
    public void Guard_SupportedAnswer_RecordsNoDrops()
    {
        var result = this.Guard("It is led by a 29-year-old named Sanaullah Ghafari. [1]\nThe group emerged in late 2014. [2]");

        Assert.False(result.Refused);
        Assert.Empty(this.drops);
    }

    [Fact]
    public void Guard_MarkMode_CountsTheRemovedCitationButNotTheKeptSentence()
    {
        var result = this.Guard("The group emerged in late 2014. [2] It was founded by aliens from Mars. [1]", UnsupportedSentenceHandling.Mark);

        Assert.Contains(GroundingGuard.UnsupportedMarker, result.Answer, StringComparison.Ordinal);
        Assert.Equal([(1L, "citation")], this.drops);
    }

    [Fact]
    public void Guard_AnswerRefusedForLackOfSupport_RecordsEverySentenceItDropped()
    {
        var result = this.Guard("It was founded by aliens from Mars. [1] Its leader lives on the Moon.");

        Assert.True(result.Refused);
        Assert.Equal([(2L, "sentence"), (1L, "citation")], this.drops);
    }

    private static RetrievedChunk ChunkOf(string id, int start, int end)
    {
        var sentences = new SentenceSplitter().Split(Text, new TextSpan(start, end));
        return new RetrievedChunk(new Chunk(id, "doc", 0, "What is ISIS-K?", "Reuters", "March 25, 2024", Text[start..end], start, end, sentences, BlockKind.Body), 1, 1, 1);
    }

    private GroundedAnswer Guard(string answer, UnsupportedSentenceHandling mode = UnsupportedSentenceHandling.Drop)
    {
        var split = Text.IndexOf("The group", StringComparison.Ordinal);
        return this.guard.Guard(answer, [ChunkOf("a", 0, split - 1), ChunkOf("b", split, Text.Length)], _ => Document, mode);
    }
}
