namespace AskBot.Core.Corpus;

/// <summary>A corpus file that was skipped, and why.</summary>
/// <param name="FileName">File name (without folder) of the skipped file.</param>
/// <param name="Reason">Short reason, e.g. "empty file" or "not valid UTF-8 (invalid byte at offset 3)".</param>
internal sealed record CorpusFileWarning(string FileName, string Reason)
{
    /// <summary>One-line warning text naming the file.</summary>
    public string Message => $"Skipped corpus file {this.FileName}: {this.Reason}";
}
