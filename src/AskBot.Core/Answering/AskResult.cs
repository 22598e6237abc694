using AskBot.Core.Retrieval;

namespace AskBot.Core.Answering;

/// <summary>Time spent in each stage of one question, in milliseconds.</summary>
public sealed record AskTimings(double RetrieveMs, double AnswerMs, double TotalMs);

/// <summary>The outcome of one question.</summary>
/// <param name="Question">The question as asked.</param>
/// <param name="StandaloneQuestion">The question rewritten to stand alone (equal to <paramref name="Question"/> when no rewrite was needed).</param>
/// <param name="Answer">Answer text; every sentence ends in its [n] citation(s), or the refusal sentence with no citation.</param>
/// <param name="Refused">True when the articles don't cover the question.</param>
/// <param name="Provider">Chat provider that produced the answer.</param>
/// <param name="Notes">Remarks about the answer (conflicting figures, removed citations, fallbacks).</param>
/// <param name="Citations">Only the cited sources, numbered from 1 in order of first use.</param>
/// <param name="Retrieved">Retrieved chunks in rank order.</param>
/// <param name="Timings">Stage timings.</param>
public sealed record AskResult(
    string Question,
    string StandaloneQuestion,
    string Answer,
    bool Refused,
    string Provider,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<RetrievedChunk> Retrieved,
    AskTimings Timings);
