namespace AskBot.Core.Evaluation;

/// <summary>One line of a question set (JSON Lines). Unknown fields in the file are ignored.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Question">The question asked last.</param>
/// <param name="History">Earlier user turns of the same conversation, asked in order before <paramref name="Question"/>.</param>
/// <param name="Answerable">False when the corpus cannot answer it (a refusal is the right answer).</param>
/// <param name="Answers">Accepted answers or aliases; containing any one (after normalisation) counts.</param>
/// <param name="Sources">Document ids (seed file stems) that hold the answer.</param>
/// <param name="Evidence">Verbatim spans of the seed text that support the answer.</param>
/// <param name="Category">Free-form category used for per-category aggregation.</param>
/// <param name="LineNumber">1-based line of the file it came from.</param>
public sealed record EvalQuestion(
    string Id,
    string Question,
    IReadOnlyList<string> History,
    bool Answerable,
    IReadOnlyList<string> Answers,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Evidence,
    string Category,
    int LineNumber);
