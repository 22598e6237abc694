namespace AskBot.Core.Answering.Prompting;

/// <summary>One numbered source as rendered into (and read back from) the answer prompt.</summary>
/// <param name="N">Number the answer cites it by.</param>
/// <param name="Title">Article headline, or empty.</param>
/// <param name="Byline">Author/outlet, or empty.</param>
/// <param name="Date">Date as written, or empty.</param>
/// <param name="Text">Verbatim passage text.</param>
internal sealed record PromptSource(int N, string Title, string Byline, string Date, string Text)
{
    /// <summary>Title, byline and date joined for display; empty parts left out.</summary>
    public string Header => string.Join(" | ", new[] { this.Title, this.Byline, this.Date }.Where(p => p.Length > 0));
}
