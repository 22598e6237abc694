using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Which chat-completion service answers through the Semantic Kernel prompt function.</summary>
public enum ChatProviders
{
    /// <summary>Offline extractive answerer: composes the answer from verbatim source sentences.</summary>
    Extractive,
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

    /// <summary>Folder of Semantic Kernel prompt directories, relative to the working directory unless absolute.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PromptsPath { get; set; } = "prompts";
}
