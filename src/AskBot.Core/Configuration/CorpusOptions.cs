using System.ComponentModel.DataAnnotations;

namespace AskBot.Core.Configuration;

/// <summary>Settings of the <c>AskBot:Corpus</c> section.</summary>
public sealed class CorpusOptions
{
    public const string SectionName = "AskBot:Corpus";

    /// <summary>Folder holding the corpus <c>*.txt</c> files, relative to the working directory unless absolute.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "seeds";

    /// <summary>Folder for the cached index, relative to the working directory unless absolute.</summary>
    [Required(AllowEmptyStrings = false)]
    public string IndexCachePath { get; set; } = ".askbot/index";
}
