namespace AskBot.Core.Corpus;

/// <summary>One corpus file, read as UTF-8. All offsets in AskBot are UTF-16 indexes into <see cref="Text"/>.</summary>
/// <param name="DocId">The file name without extension (e.g. <c>001_faa7436319fd51a6</c>).</param>
/// <param name="FilePath">Full path of the file the text was read from.</param>
/// <param name="Text">The whole file as a .NET string, exactly as decoded (no normalisation).</param>
public sealed record SourceDocument(string DocId, string FilePath, string Text);
