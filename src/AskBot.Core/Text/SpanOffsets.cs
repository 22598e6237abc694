namespace AskBot.Core.Text;

/// <summary>
/// A span of a document in the units other languages index strings with: UTF-8 bytes (Rust <c>&amp;str</c>, Go, Python
/// <c>bytes</c>) and Unicode scalar values (Python <c>str</c>). Both are half-open, counted from the start of the text.
/// </summary>
/// <param name="StartUtf8">Byte offset of the span's start in the text's UTF-8 encoding.</param>
/// <param name="EndUtf8">Byte offset (exclusive) of the span's end in the text's UTF-8 encoding.</param>
/// <param name="StartCodePoint">Code point offset of the span's start.</param>
/// <param name="EndCodePoint">Code point offset (exclusive) of the span's end.</param>
public readonly record struct SpanOffsets(int StartUtf8, int EndUtf8, int StartCodePoint, int EndCodePoint);
