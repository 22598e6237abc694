namespace AskBot.Core.Corpus;

/// <summary>What one line of an article is, as decided by <see cref="BoilerplateClassifier"/> and <see cref="ArticleSplitter"/>.</summary>
internal enum LineKind
{
    /// <summary>Running text; kept as <see cref="BlockKind.Body"/>.</summary>
    Body,

    /// <summary>Section heading or question-style subheading; kept as <see cref="BlockKind.Heading"/>.</summary>
    Heading,

    /// <summary>Photo caption or credit; kept as <see cref="BlockKind.Caption"/>.</summary>
    Caption,

    /// <summary>Line of an embedded social-media post; kept as <see cref="BlockKind.SocialPost"/>.</summary>
    SocialPost,

    /// <summary>Web-page chrome (share buttons, comment forms, related links, gallery labels); dropped.</summary>
    Boilerplate,

    /// <summary>Copyright or syndication line; dropped as content but used as outlet evidence for the byline.</summary>
    SourceCredit,

    /// <summary>Headline, byline or date line of an article header; metadata, not a block.</summary>
    Header,
}
