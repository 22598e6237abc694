namespace AskBot.Cli.Tests.Infrastructure;

/// <summary>Small question sets for the <c>askbot eval</c> tests, written into a workspace.</summary>
public static class QuestionSets
{
    /// <summary>Ids of <see cref="Small"/>, in file order.</summary>
    public static readonly string[] SmallIds = ["fact-002", "num-002", "unans-001", "unans-002", "fu-001"];

    /// <summary>Five questions: answerable ones, unanswerable ones, and a follow-up with history.</summary>
    public const string Small = """
        {"id": "fact-002", "question": "who is the leader of isis-k right now", "history": [], "answerable": true, "answers": ["Sanaullah Ghafari", "Ghafari"], "sources": ["000_75d4ad7e9ff018e8", "001_faa7436319fd51a6"], "evidence": ["Today ISIS-K is based in eastern Afghanistan and Pakistan and is led by a 29-year-old named Sanaullah Ghafari."], "category": "fact"}
        {"id": "num-002", "question": "How old is Sanaullah Ghafari?", "history": [], "answerable": true, "answers": ["29"], "sources": ["000_75d4ad7e9ff018e8", "001_faa7436319fd51a6"], "evidence": ["is led by a 29-year-old named Sanaullah Ghafari"], "category": "number-date"}
        {"id": "unans-001", "question": "What is the capital of Tajikistan?", "history": [], "answerable": false, "answers": [], "sources": [], "evidence": [], "category": "unanswerable"}
        {"id": "unans-002", "question": "Who won the 2024 Champions League final?", "history": [], "answerable": false, "answers": [], "sources": [], "evidence": [], "category": "unanswerable"}
        {"id": "fu-001", "question": "How old is he?", "history": ["Who leads ISIS-K these days?"], "answerable": true, "answers": ["29"], "sources": ["000_75d4ad7e9ff018e8", "001_faa7436319fd51a6"], "evidence": ["is led by a 29-year-old named Sanaullah Ghafari"], "category": "follow-up"}
        """;

    /// <summary>Lines 2, 4 and 5 are malformed (not JSON, a missing question, answerable without answers).</summary>
    public const string ThreeMalformedLines = """
        {"id": "ok-1", "question": "Who leads ISIS-K?", "answerable": true, "answers": ["Ghafari"], "category": "fact"}
        {"id": "bad-json", "question":
        {"id": "ok-2", "question": "What is the capital of Tajikistan?", "answerable": false, "category": "unanswerable"}
        {"id": "no-question", "answerable": false, "category": "unanswerable"}
        {"id": "no-answers", "question": "How old is he?", "answerable": true, "answers": [], "category": "fact"}
        """;

    /// <summary>Writes <paramref name="content"/> to <paramref name="fileName"/> in the workspace root and returns the file name.</summary>
    public static string Write(TestWorkspace workspace, string fileName, string content)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        File.WriteAllText(Path.Combine(workspace.Root, fileName), content + "\n");
        return fileName;
    }

    /// <summary><c>--threshold</c> arguments every run meets: 0 for the minimums, a huge maximum for the rest.</summary>
    public static string[] LenientThresholds() =>
        AskBot.Core.Evaluation.MetricNames.All
            .SelectMany(metric => new[]
            {
                "--threshold",
                metric + "=" + (AskBot.Core.Evaluation.MetricNames.LowerIsBetter.Contains(metric) ? "1000000" : "0"),
            })
            .ToArray();
}
