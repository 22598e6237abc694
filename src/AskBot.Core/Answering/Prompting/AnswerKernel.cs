using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>The Kernel the answer step runs on and the prompt functions loaded from the prompts folder.</summary>
/// <param name="Kernel">Kernel whose chat-completion service is the configured provider.</param>
/// <param name="Answer">The <c>Answer</c> prompt function.</param>
/// <param name="Rewrite">The <c>Rewrite</c> prompt function (follow-up rewriting with an LLM provider).</param>
/// <param name="ProviderName">Configured provider, as reported in results.</param>
public sealed record AnswerKernel(Kernel Kernel, KernelFunction Answer, KernelFunction Rewrite, string ProviderName)
{
    /// <summary>The <c>Judge</c> prompt function (evaluation groundedness), or null when the prompts folder has none.</summary>
    public KernelFunction? Judge { get; init; }

    /// <summary>Full path of the prompts folder the functions were loaded from (empty when unknown).</summary>
    public string PromptsFolder { get; init; } = string.Empty;
}
