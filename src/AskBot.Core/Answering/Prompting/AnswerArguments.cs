using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// The names of the <see cref="KernelArguments"/> every answering function receives, and typed access to them. The
/// passages travel as objects; only the LLM prompt gets them rendered as text (<c>sources</c>).
/// </summary>
internal static class AnswerArguments
{
    /// <summary>The standalone question (string).</summary>
    public const string Question = "question";

    /// <summary>The retrieved passages in rank order (<see cref="IReadOnlyList{RetrievedChunk}"/>); number n is item n - 1.</summary>
    public const string Passages = "passages";

    /// <summary>The passages rendered for the LLM prompt (string).</summary>
    public const string Sources = "sources";

    /// <summary>The refusal sentence (string).</summary>
    public const string Refusal = "refusal";

    /// <summary>Most sentences in an answer (int).</summary>
    public const string MaxSentences = "max_sentences";

    /// <summary>
    /// The index snapshot the question was retrieved from (<see cref="IndexSnapshot"/>), so the reader and the guard read
    /// the same documents as the retriever even when a corpus refresh swaps the index meanwhile.
    /// </summary>
    public const string Index = "index";

    /// <summary>The index snapshot of <paramref name="arguments"/>, or null when they carry none.</summary>
    public static CorpusIndex? IndexOf(KernelArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.TryGetValue(Index, out var value) && value is IndexSnapshot snapshot ? snapshot.Index : null;
    }

    /// <summary>The passages of <paramref name="arguments"/>.</summary>
    /// <exception cref="ArgumentException">There are none.</exception>
    public static IReadOnlyList<RetrievedChunk> PassagesOf(KernelArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.TryGetValue(Passages, out var value) && value is IReadOnlyList<RetrievedChunk> passages
            ? passages
            : throw new ArgumentException($"The answer arguments have no '{Passages}'.", nameof(arguments));
    }

    /// <summary>The question of <paramref name="arguments"/>.</summary>
    public static string QuestionOf(KernelArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.TryGetValue(Question, out var value) && value is string question ? question : string.Empty;
    }

    /// <summary>The sentence limit of <paramref name="arguments"/>.</summary>
    public static int MaxSentencesOf(KernelArguments arguments, int fallback)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.TryGetValue(MaxSentences, out var value) && value is int max ? max : fallback;
    }
}

/// <summary>
/// Carries the index in the kernel arguments with no public members: anything that serialises or renders the arguments
/// (trace logging, a prompt template) sees an empty object, not the whole index.
/// </summary>
internal sealed class IndexSnapshot(CorpusIndex index)
{
    internal CorpusIndex Index { get; } = index;
}
