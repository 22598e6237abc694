namespace AskBot.Core.Indexing;

/// <summary>A corpus file's name, full path and raw bytes, as read for hashing.</summary>
internal sealed record CorpusFile(string FileName, string FullPath, byte[] Bytes);
