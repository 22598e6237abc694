using System.Text;

namespace AskBot.Core.Text;

/// <summary>
/// Converts UTF-16 offsets (.NET string indexes) into UTF-8 byte and code point offsets of the same text. Pure and
/// thread-safe. A conversion is linear in the offset; a corpus document is small enough that answering does not
/// need a precomputed table.
/// </summary>
internal static class TextOffsets
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The UTF-8 and code point offsets of the UTF-16 span [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="text"/>.</summary>
    /// <param name="text">The whole text the offsets count from.</param>
    /// <param name="start">Start, as a UTF-16 index into <paramref name="text"/>.</param>
    /// <param name="end">End (exclusive), as a UTF-16 index into <paramref name="text"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The span is not inside <paramref name="text"/>.</exception>
    public static SpanOffsets Of(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, text.Length);
        start = Floor(text, start);
        end = Floor(text, end);

        // The span's counts are added to the prefix's so the text before the start is walked once, not twice.
        var startUtf8 = Utf8.GetByteCount(text.AsSpan(0, start));
        var startCodePoint = CountCodePoints(text.AsSpan(0, start));
        var inner = text.AsSpan(start, end - start);
        return new SpanOffsets(startUtf8, startUtf8 + Utf8.GetByteCount(inner), startCodePoint, startCodePoint + CountCodePoints(inner));
    }

    /// <summary>The UTF-8 byte offset that UTF-16 index <paramref name="offset"/> of <paramref name="text"/> corresponds to.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside <paramref name="text"/>.</exception>
    public static int Utf8Offset(string text, int offset) => Of(text, offset, offset).StartUtf8;

    /// <summary>The code point offset that UTF-16 index <paramref name="offset"/> of <paramref name="text"/> corresponds to.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside <paramref name="text"/>.</exception>
    public static int CodePointOffset(string text, int offset) => Of(text, offset, offset).StartCodePoint;

    // An index between the two halves of a surrogate pair has no position in other units; it is moved before the pair,
    // so the character is never split into an unencodable half.
    private static int Floor(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])
            ? offset - 1
            : offset;

    private static int CountCodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }
}
