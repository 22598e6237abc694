using AskBot.Core.Answering.Citations;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Evaluation.Perturbation;
using AskBot.Core.Retrieval;
using AskBot.Core.Telemetry;
using AskBot.Core.Tests.TestSupport;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering;

/// <summary>
/// The guard over an answer that cites a seed passage: the true sentence is kept, and each false version the perturbation
/// generator makes of it (negation, number, name, roles) is dropped with a note that says why.
/// </summary>
public sealed class GroundingGuardPerturbationTests
{
    private static readonly TermAnalyzer Analyzer = new();
    private static readonly IReadOnlyList<(SourceDocument Document, Chunk Chunk)> SeedChunks = IngestionSeeds.LoadAll()
        .SelectMany(d => IngestionSeeds.Chunks(d).Select(c => (d, c)))
        .ToList();

    private readonly GroundingGuard guard = new(new SupportChecker(Analyzer), new CitationResolver(Analyzer), new AskBotTelemetry());

    public static TheoryData<PerturbationKind, string> Kinds => new()
    {
        { PerturbationKind.NegationAdded, "negation:" },
        { PerturbationKind.NegationRemoved, "negation:" },
        { PerturbationKind.NumberChanged, "number:" },
        { PerturbationKind.NameSwapped, "name:" },
        { PerturbationKind.RolesSwapped, "roles:" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Guard_GeneratedFalseVersionOfASeedSentence_IsDroppedWithTheReason_AndTheTrueOneKept(PerturbationKind kind, string reason)
    {
        var perturber = new ClaimPerturber(Analyzer);
        var corpusNames = SeedChunks.SelectMany(c => ClaimPerturber.Names(c.Chunk.Text)).Distinct(StringComparer.Ordinal).ToList();
        var random = new Random(7);
        var tried = 0;
        var droppedWithReason = 0;
        foreach (var (document, chunk) in SeedChunks)
        {
            foreach (var span in new SentenceSplitter().Split(chunk.Text))
            {
                var sentence = chunk.Text[span.Start..span.End];
                var perturbed = perturber.Perturb(sentence, chunk.Text, corpusNames, random).FirstOrDefault(p => p.Kind == kind);
                if (perturbed is null || sentence.Split(' ').Length < 6 || tried == 5)
                {
                    continue;
                }

                var source = new RetrievedChunk(chunk, 1, 1, 1);
                var kept = this.guard.Guard($"{sentence} [1]", [source], _ => document);
                if (kept.Refused)
                {
                    // The check measures true sentences separately; here only pairs whose true half is kept count.
                    continue;
                }

                tried++;
                var result = this.guard.Guard($"{perturbed.Text} [1]", [source], _ => document);
                if (result.Refused && result.Notes.Any(n => n.Contains("(" + reason, StringComparison.Ordinal)))
                {
                    droppedWithReason++;
                }
            }
        }

        Assert.Equal(5, tried);
        Assert.True(droppedWithReason >= 4, $"{kind}: {droppedWithReason} of {tried} false versions dropped with a '{reason}' note");
    }

    [Fact]
    public void Guard_NegatedClaimCitingAnAffirmingPassage_NotesWhatTheSourceSays()
    {
        var (document, chunk) = SeedChunks.First(c => c.Chunk.Text.Contains(" claimed responsibility", StringComparison.Ordinal));
        var sentence = new SentenceSplitter().Split(chunk.Text).Select(s => chunk.Text[s.Start..s.End])
            .First(s => s.Contains(" claimed responsibility", StringComparison.Ordinal));
        var negated = sentence.Replace(" claimed responsibility", " did not claim responsibility", StringComparison.Ordinal);

        var result = this.guard.Guard($"{negated} [1]", [new RetrievedChunk(chunk, 1, 1, 1)], _ => document);

        Assert.True(result.Refused);
        Assert.Contains(result.Notes, n => n.Contains("(negation: the source", StringComparison.Ordinal));
    }
}
