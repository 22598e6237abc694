namespace AskBot.Core.Retrieval;

/// <summary>
/// One BM25 query clause: alternative terms scored as a single synonym term (their frequencies add up, the
/// document frequency is the largest of theirs), so a name spelled several ways counts once.
/// </summary>
/// <param name="Terms">Alternative index terms.</param>
/// <param name="Weight">Multiplier of the clause score (1 for terms typed by the user, less for guesses).</param>
public sealed record QueryClause(IReadOnlyList<string> Terms, double Weight = 1.0)
{
    /// <summary>Positive and finite: BM25 search takes the documents scoring above zero as the matched ones.</summary>
    public double Weight { get; init; } = double.IsFinite(Weight) && Weight > 0
        ? Weight
        : throw new ArgumentOutOfRangeException(nameof(Weight), Weight, "A clause weight must be positive and finite.");
}
