using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Which chat-completion service answers through the Semantic Kernel prompt function.</summary>
public enum ChatProviders
{
    /// <summary>Offline reader: answers with the verbatim source sentence that answers the question, or refuses.</summary>
    Extractive,

    /// <summary>Offline evaluation peer: the corpus sentence that scores best by BM25, never a refusal.</summary>
    TopSentence,

    /// <summary>OpenAI's API (api.openai.com) through Semantic Kernel's OpenAI connector.</summary>
    OpenAI,

    /// <summary>Any OpenAI-compatible server (Azure OpenAI v1, llama.cpp, vLLM, LM Studio, Ollama's /v1) at <see cref="ChatOptions.Endpoint"/>.</summary>
    OpenAICompatible,

    /// <summary>Ollama through its OpenAI-compatible /v1 API (default endpoint http://localhost:11434/v1).</summary>
    Ollama,
}

/// <summary>What the grounding guard does with a sentence no cited passage supports.</summary>
public enum UnsupportedSentenceHandling
{
    /// <summary>Remove the sentence from the answer.</summary>
    Drop,

    /// <summary>Keep the sentence, marked as unsupported.</summary>
    Mark,
}

/// <summary>Settings of the <c>AskBot:Chat</c> section.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "AskBot:Chat";

    [EnumDataType(typeof(ChatProviders))]
    public ChatProviders Provider { get; set; } = ChatProviders.Extractive;

    /// <summary>Longest question accepted, in characters.</summary>
    [Range(1, 100000)]
    public int MaxQuestionChars { get; set; } = 2000;

    /// <summary>Most sentences in an extractive answer (the direct answer line included).</summary>
    [Range(1, 20)]
    public int MaxAnswerSentences { get; set; } = 4;

    /// <summary>Base URL of the chat provider's OpenAI-compatible API; required for <see cref="ChatProviders.OpenAICompatible"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Model (or deployment) name; required for every LLM provider.</summary>
    public string? Model { get; set; }

    /// <summary>API key. Comes from <c>AskBot__Chat__ApiKey</c> or user secrets, never from the committed appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Time allowed for one attempt of a request to the chat provider (until the whole body of a non-streamed answer
    /// has arrived). It never exceeds <see cref="AnswerTimeoutSeconds"/>: the smaller of the two applies.
    /// </summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Retries after a transient HTTP failure (attempt timeout, 408, 429, 5xx, refused connection), within
    /// <see cref="AnswerTimeoutSeconds"/>. A malformed or empty answer is not retried: the offline reader answers.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// Budget for the model's whole answer to one question: every attempt, every wait between attempts and, streamed,
    /// the whole stream. When it runs out the model call is cancelled and the offline reader answers, with a note saying
    /// so. Each attempt gets min(<see cref="TimeoutSeconds"/>, this), so one slow attempt cannot outlast the budget;
    /// with retries the budget is usually what ends a run of slow attempts.
    /// </summary>
    [Range(1, 600)]
    public int AnswerTimeoutSeconds { get; set; } = 30;

    /// <summary>What the grounding guard does with a sentence that no cited passage supports.</summary>
    [EnumDataType(typeof(UnsupportedSentenceHandling))]
    public UnsupportedSentenceHandling UnsupportedSentences { get; set; } = UnsupportedSentenceHandling.Drop;

    /// <summary>Folder of Semantic Kernel prompt directories, relative to the working directory unless absolute.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PromptsPath { get; set; } = "prompts";
}

/// <summary>What a <see cref="ChatProviders"/> value is.</summary>
public static class ChatProvidersExtensions
{
    /// <summary>True for the providers that call a language model (not the offline reader or its peer).</summary>
    public static bool IsLanguageModel(this ChatProviders provider) => provider is not (ChatProviders.Extractive or ChatProviders.TopSentence);
}
