using AskBot.Core.Answering.Citations;
using AskBot.Core.Chunking;

namespace AskBot.Core.Evaluation.Perturbation;

/// <summary>How the support check did on one kind of case.</summary>
/// <param name="Kind">The perturbation, or null for the true sentences.</param>
/// <param name="Cases">How many cases of the kind were made.</param>
/// <param name="Right">True sentences kept, or false ones caught.</param>
/// <param name="Examples">A few of the cases it got wrong: a true sentence it dropped (with the reason) or a false one it kept.</param>
public sealed record GuardCheckRow(PerturbationKind? Kind, int Cases, int Right, IReadOnlyList<string> Examples)
{
    /// <summary>Share of the cases the check got right (NaN when there were none).</summary>
    public double Rate => this.Cases == 0 ? double.NaN : (double)this.Right / this.Cases;
}

/// <summary>The support check measured on every sentence of a corpus and its generated false versions.</summary>
/// <param name="Sentences">Sentences checked.</param>
/// <param name="TrueKept">The true sentences, each against its own passage.</param>
/// <param name="Kinds">Per kind of false version: how many were caught.</param>
public sealed record GuardCheckReport(int Sentences, GuardCheckRow TrueKept, IReadOnlyList<GuardCheckRow> Kinds)
{
    /// <summary>Least share of true sentences the check must keep.</summary>
    public const double MinTrueKept = 0.97;

    /// <summary>Least share of all false versions it must catch.</summary>
    public const double MinFalseCaught = 0.90;

    /// <summary>Least share of the false versions of each kind it must catch.</summary>
    public const double MinCaughtPerKind = 0.80;

    /// <summary>All false versions together.</summary>
    public GuardCheckRow FalseCaught => new(null, this.Kinds.Sum(k => k.Cases), this.Kinds.Sum(k => k.Right), []);

    /// <summary>True when every target above is met (a kind with no cases is not held against the check).</summary>
    public bool MeetsTargets =>
        !(this.TrueKept.Rate < MinTrueKept)
        && !(this.FalseCaught.Rate < MinFalseCaught)
        && this.Kinds.All(k => k.Cases == 0 || k.Rate >= MinCaughtPerKind);
}

/// <summary>
/// Runs the <see cref="SupportChecker"/> over every sentence of the chunks (each against its own chunk, with the
/// source's title, byline and date) and over the false versions <see cref="ClaimPerturber"/> makes of it.
/// </summary>
public sealed class GuardCheck
{
    private const int MinWords = 6;
    private const int MaxExamples = 5;

    private readonly SupportChecker checker;
    private readonly ClaimPerturber perturber;
    private readonly SentenceSplitter splitter = new();

    public GuardCheck(SupportChecker checker, ClaimPerturber perturber)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(perturber);
        this.checker = checker;
        this.perturber = perturber;
    }

    /// <summary>Measures the check on <paramref name="chunks"/>; <paramref name="seed"/> fixes the names swapped in.</summary>
    public GuardCheckReport Run(IReadOnlyList<Chunk> chunks, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var random = new Random(seed);
        var corpusNames = chunks.SelectMany(c => ClaimPerturber.Names(c.Text)).Distinct(StringComparer.Ordinal).ToList();
        var trueCases = 0;
        var trueKept = 0;
        var trueMissed = new List<string>();
        var kinds = Enum.GetValues<PerturbationKind>().ToDictionary(k => k, _ => (Cases: 0, Caught: 0, Missed: new List<string>()));
        var sentences = 0;
        foreach (var chunk in chunks)
        {
            var header = $"{chunk.Title}\n{chunk.Byline}\n{chunk.Date}";
            foreach (var span in this.splitter.Split(chunk.Text))
            {
                var sentence = chunk.Text[span.Start..span.End];
                if (sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < MinWords)
                {
                    continue;
                }

                sentences++;
                trueCases++;
                var verdict = this.checker.Check(sentence, chunk.Text, header);
                if (verdict.IsSupported)
                {
                    trueKept++;
                }
                else if (trueMissed.Count < MaxExamples)
                {
                    trueMissed.Add($"{sentence} — {verdict.Reason}");
                }

                foreach (var perturbed in this.perturber.Perturb(sentence, chunk.Text, corpusNames, random))
                {
                    var row = kinds[perturbed.Kind];
                    row.Cases++;
                    if (!this.checker.Check(perturbed.Text, chunk.Text, header).IsSupported)
                    {
                        row.Caught++;
                    }
                    else if (row.Missed.Count < MaxExamples)
                    {
                        row.Missed.Add(perturbed.Text);
                    }

                    kinds[perturbed.Kind] = row;
                }
            }
        }

        return new GuardCheckReport(
            sentences,
            new GuardCheckRow(null, trueCases, trueKept, trueMissed),
            kinds.Select(k => new GuardCheckRow(k.Key, k.Value.Cases, k.Value.Caught, k.Value.Missed)).ToList());
    }
}
