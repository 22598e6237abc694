using System.Globalization;
using System.Text;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// BERT's BasicTokenizer for uncased models: remove NUL, U+FFFD and control or format characters (category C*, except
/// tab, CR and LF), put spaces around CJK ideographs, split on whitespace, lowercase, decompose (NFD) and drop
/// non-spacing marks, and split off every punctuation character (ASCII 33–47, 58–64, 91–96, 123–126 or any Unicode P*
/// category). Works on code points, like the Python and Rust tokenizers.
/// </summary>
/// <remarks>
/// Lowercasing is per character, as in the Rust tokenizer the model was trained with (no final-sigma rule); İ lowercases
/// to i + U+0307, as in Python and Rust, where .NET's invariant mapping would keep it.
/// </remarks>
internal static class BertPreTokenizer
{
    /// <summary>The words and punctuation marks of <paramref name="text"/>, in order, ready for WordPiece.</summary>
    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var token = new StringBuilder();
        var words = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            // Invalid UTF-16 arrives here as U+FFFD and is dropped, like a lone surrogate (category Cs) in BERT.
            var value = rune.Value;
            if (value == 0 || value == 0xFFFD || IsControl(rune))
            {
                continue;
            }

            var cjk = IsCjkIdeograph(value);
            if (cjk || Rune.IsWhiteSpace(rune))
            {
                SplitToken(token, words);
                if (cjk)
                {
                    // A token of its own, still normalised: the compatibility ideographs decompose to unified ones.
                    AppendRune(token, rune);
                    SplitToken(token, words);
                }

                foreach (var word in words)
                {
                    yield return word;
                }

                words.Clear();
                continue;
            }

            AppendRune(token, rune);
        }

        SplitToken(token, words);
        foreach (var word in words)
        {
            yield return word;
        }
    }

    /// <summary>BERT's control test: category C* (Cc, Cf, Cs, Co, Cn), except tab, LF and CR.</summary>
    public static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    /// <summary>BERT's punctuation: the ASCII non-alphanumeric symbols and every Unicode P* category.</summary>
    public static bool IsPunctuation(Rune rune)
    {
        var value = rune.Value;
        if (value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK Unified and Compatibility Ideographs blocks BERT tokenizes one character at a time.</summary>
    public static bool IsCjkIdeograph(int value)
        => value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private static void AppendRune(StringBuilder builder, Rune rune)
    {
        if (rune.IsBmp)
        {
            builder.Append((char)rune.Value);
        }
        else
        {
            builder.Append(char.ConvertFromUtf32(rune.Value));
        }
    }

    // One whitespace-separated token: lowercased, accents stripped, then split at punctuation into words.
    private static void SplitToken(StringBuilder token, List<string> words)
    {
        if (token.Length == 0)
        {
            return;
        }

        var text = token.ToString();
        token.Clear();
        if (text.Contains('\u0130', StringComparison.Ordinal))
        {
            // The only unconditional multi-character lowercase mapping.
            text = text.Replace("\u0130", "i\u0307", StringComparison.Ordinal);
        }

        text = text.ToLowerInvariant();
        if (!text.IsNormalized(NormalizationForm.FormD))
        {
            text = text.Normalize(NormalizationForm.FormD);
        }

        var word = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (IsPunctuation(rune))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                words.Add(rune.ToString());
                continue;
            }

            AppendRune(word, rune);
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
    }
}
