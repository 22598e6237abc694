using System.Text;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Text;

public sealed class TextOffsetsTests
{
    private const string Mixed = "“Ура” ⚡️ 👍🏽 🇷🇺 café e\u0301 — done.";

    [Fact]
    public void Ascii_offsets_are_the_same_in_every_unit()
    {
        Assert.Equal(new SpanOffsets(2, 7, 2, 7), TextOffsets.Of("abcdefghij", 2, 7));
    }

    [Fact]
    public void Surrogate_pair_counts_as_four_bytes_and_one_code_point()
    {
        const string text = "a😀b";

        Assert.Equal(new SpanOffsets(1, 5, 1, 2), TextOffsets.Of(text, 1, 3));
        Assert.Equal(5, TextOffsets.Utf8Offset(text, 3));
        Assert.Equal(2, TextOffsets.CodePointOffset(text, 3));
    }

    [Fact]
    public void Skin_tone_and_flag_emoji_count_each_of_their_scalars()
    {
        // 👍🏽 and 🇷🇺 are two scalars each: four UTF-16 units, eight bytes.
        Assert.Equal(new SpanOffsets(0, 8, 0, 2), TextOffsets.Of("👍🏽", 0, 4));
        Assert.Equal(new SpanOffsets(0, 8, 0, 2), TextOffsets.Of("🇷🇺", 0, 4));
    }

    [Fact]
    public void Combining_mark_is_its_own_code_point()
    {
        // "é" written as e + U+0301: Python's str sees two code points, UTF-8 three bytes.
        const string text = "e\u0301x";

        Assert.Equal(new SpanOffsets(0, 3, 0, 2), TextOffsets.Of(text, 0, 2));
        Assert.Equal(new SpanOffsets(3, 4, 2, 3), TextOffsets.Of(text, 2, 3));
    }

    [Fact]
    public void Start_of_text_is_zero_in_every_unit()
    {
        Assert.Equal(new SpanOffsets(0, 0, 0, 0), TextOffsets.Of(Mixed, 0, 0));
    }

    [Fact]
    public void End_of_text_is_the_byte_length_and_the_code_point_count()
    {
        var bytes = Encoding.UTF8.GetByteCount(Mixed);
        var codePoints = Mixed.EnumerateRunes().Count();

        Assert.Equal(new SpanOffsets(0, bytes, 0, codePoints), TextOffsets.Of(Mixed, 0, Mixed.Length));
        Assert.Equal(new SpanOffsets(bytes, bytes, codePoints, codePoints), TextOffsets.Of(Mixed, Mixed.Length, Mixed.Length));
    }

    [Fact]
    public void Every_span_between_code_point_boundaries_slices_the_same_text_in_every_unit()
    {
        var bytes = Encoding.UTF8.GetBytes(Mixed);
        var runes = Mixed.EnumerateRunes().ToList();
        var boundaries = Enumerable.Range(0, Mixed.Length + 1).Where(i => i == Mixed.Length || !char.IsLowSurrogate(Mixed[i])).ToList();

        foreach (var start in boundaries)
        {
            foreach (var end in boundaries.Where(e => e >= start))
            {
                var expected = Mixed[start..end];
                var offsets = TextOffsets.Of(Mixed, start, end);

                Assert.Equal(expected, Encoding.UTF8.GetString(bytes[offsets.StartUtf8..offsets.EndUtf8]));
                Assert.Equal(expected, string.Concat(runes[offsets.StartCodePoint..offsets.EndCodePoint]));
            }
        }
    }

    [Fact]
    public void Offset_inside_a_surrogate_pair_moves_before_the_pair()
    {
        const string text = "a😀b";

        Assert.Equal(new SpanOffsets(1, 1, 1, 1), TextOffsets.Of(text, 2, 2));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(2, 1)]
    [InlineData(0, 4)]
    public void Span_outside_the_text_is_rejected(int start, int end)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextOffsets.Of("abc", start, end));
    }
}
