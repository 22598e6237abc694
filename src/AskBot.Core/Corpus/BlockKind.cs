namespace AskBot.Core.Corpus;

/// <summary>What a kept line or paragraph of an article is. Boilerplate is never kept, so it has no kind here.</summary>
public enum BlockKind
{
    /// <summary>Running text of the article.</summary>
    Body,

    /// <summary>A section heading or question-style subheading inside an article.</summary>
    Heading,

    /// <summary>A photo caption or credit line: carries facts, stays citable.</summary>
    Caption,

    /// <summary>A quoted social-media post (tweet text, its attribution line).</summary>
    SocialPost,
}
