using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// The one Kernel AskBot answers with: the configured model's chat service (when it is an LLM), the prompt functions
/// from the prompts folder, the offline answerers as native functions, and the grounding and fallback filters around
/// every answer.
/// </summary>
/// <param name="Kernel">The kernel.</param>
/// <param name="Answer">The function that answers with the configured provider: the <c>Answer</c> prompt for an LLM, the offline reader or its peer otherwise.</param>
/// <param name="Rewrite">The <c>Rewrite</c> prompt function (follow-up rewriting with an LLM provider).</param>
/// <param name="ProviderName">Configured provider, as reported in results.</param>
internal sealed record AnswerKernel(Kernel Kernel, KernelFunction Answer, KernelFunction Rewrite, string ProviderName)
{
    /// <summary>Name of the answering functions (the prompt and the offline reader).</summary>
    public const string AnswerFunctionName = "Answer";

    /// <summary>Name of the offline peer's function.</summary>
    public const string TopSentenceFunctionName = "TopSentence";

    /// <summary>The <c>Judge</c> prompt function (evaluation groundedness), or null when the prompts folder has none.</summary>
    public KernelFunction? Judge { get; init; }

    /// <summary>Full path of the prompts folder the functions were loaded from (empty when unknown).</summary>
    public string PromptsFolder { get; init; } = string.Empty;

    /// <summary>True when <see cref="Answer"/> is a prompt run on a language model (its text can be streamed).</summary>
    public bool AnswersWithModel { get; init; }
}
