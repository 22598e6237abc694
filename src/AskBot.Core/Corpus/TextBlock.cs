namespace AskBot.Core.Corpus;

/// <summary>A kept, contiguous piece of an article (usually one line or paragraph) with its offsets in the file.</summary>
internal sealed record TextBlock(TextSpan Span, BlockKind Kind);
