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

    /// <summary>
    /// Whether the long-running commands (<c>chat</c>, <c>discord</c>) watch the corpus folder and swap in a rebuilt
    /// index when files are added, changed or removed.
    /// </summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the corpus must stay quiet after a change before it is re-indexed: a burst of writes is one rebuild.</summary>
    [Range(10, 600_000)]
    public int WatchDebounceMilliseconds { get; set; } = 1000;
}
