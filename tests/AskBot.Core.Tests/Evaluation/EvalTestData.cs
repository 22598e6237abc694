using AskBot.Core.Answering;
using AskBot.Core.Chunking;
using AskBot.Core.Corpus;
using AskBot.Core.Evaluation;
using AskBot.Core.Retrieval;

namespace AskBot.Core.Tests.Evaluation;

/// <summary>Hand-built questions, chunks and answers for the evaluation tests.</summary>
public static class EvalTestData
{
    public const string GhafariSentence = "Today ISIS-K is based in eastern Afghanistan and Pakistan and is led by a 29-year-old named Sanaullah Ghafari.";

    public static EvalQuestion Question(
        string id = "q-1",
        bool answerable = true,
        string[]? answers = null,
        string[]? sources = null,
        string[]? evidence = null,
        string category = "fact",
        string question = "Who leads ISIS-K?",
        string[]? history = null) =>
        new(
            id,
            question,
            history ?? [],
            answerable,
            answers ?? (answerable ? ["Sanaullah Ghafari"] : []),
            sources ?? (answerable ? ["doc-a"] : []),
            evidence ?? (answerable ? ["led by a 29-year-old named Sanaullah Ghafari"] : []),
            category,
            1);

    public static RetrievedChunk Chunk(string docId, string text, int n = 0, double score = 1) =>
        new(new Chunk($"{docId}#0.{n}", docId, 0, null, null, null, text, 0, text.Length, [new TextSpan(0, text.Length)], BlockKind.Body), score, 0, 0);

    public static Citation Cite(int n, string quote, string docId = "doc-a", string? title = null) =>
        new(n, docId, title, null, null, quote, 0, quote.Length, docId + "#0.0");

    public static AskResult Result(
        string answer,
        IReadOnlyList<Citation>? citations = null,
        IReadOnlyList<RetrievedChunk>? retrieved = null,
        bool? refused = null,
        string question = "Who leads ISIS-K?") =>
        new(
            question,
            question,
            answer,
            refused ?? AnswerTexts.IsRefusal(answer),
            "Test",
            [],
            citations ?? [],
            retrieved ?? [],
            new AskTimings(1, 1, 2));

    public static QuestionEvaluation Scored(EvalQuestion question, AskResult result, double latencyMs = 10)
    {
        var scored = new EvaluationMetrics().Compute(question, result);
        return new QuestionEvaluation(question, result, scored.Metrics, scored.UnsupportedClaims, scored.FailureReasons, latencyMs);
    }
}
