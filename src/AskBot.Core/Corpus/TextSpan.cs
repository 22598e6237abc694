namespace AskBot.Core.Corpus;

/// <summary>A half-open range [Start, End) of UTF-16 offsets into a <see cref="SourceDocument.Text"/>.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    /// <summary>Number of characters covered.</summary>
    public int Length => this.End - this.Start;

    /// <summary>The covered text of <paramref name="text"/>.</summary>
    public string Slice(string text) => text[this.Start..this.End];
}
