using System.Text;
using System.Text.RegularExpressions;
using AskBot.Providers.Onnx.Embeddings;

namespace AskBot.Providers.Onnx.Tests;

/// <summary>The product's tokenization (BertPreTokenizer + WordPieceTokenizer) gives exactly BERT's ids.</summary>
public sealed partial class TokenizationTests
{
    private static readonly Lazy<WordPieceTokenizer> Product = new(WordPieceTokenizer.Load);

    public static TheoryData<string> HandWritten => new()
    {
        string.Empty,
        "   \t\n ",
        "Hello, world!",
        "“Curly” ‘quotes’ — and the country’s “best” band’s show…",
        "It cost $1,200.50 | 15% off (approx.) #1 @home ~ok^ {x} [y] <z> `q` \\ / _under_",
        "emoji 😀 here 🕯️ and flags 🇷🇺 ⚡ 👍🏽",
        "Café naïve résumé Ångström Zürich façade coöperate",
        "Crème BRÛLÉE in ÉCOLE",
        "北京是中国的首都，上海也很大。",
        "日本語のテキストとカタカナ、ひらがな",
        "한국어 텍스트",
        "CJK compatibility 豈 更 and 𠀀 extension B",
        "İstanbul and DİYARBAKIR",
        "ΟΔΟΣ and σοφός",
        "Mathematical 𝐇𝐞𝐥𝐥𝐨 𝐄𝐧𝐠𝐥𝐢𝐬𝐡",
        "Arabic آدھجیئر and Hebrew שלום",
        "ligature ﬁne ﬀ and ℌ ² ½ Ⅸ",
        "vertical\u000Btab and form\u000Cfeed and next\u0085line",
        "zero\u200Bwidth, soft\u00ADhyphen, joiner\u200Dhere",
        "no-break\u00A0space, ideographic\u3000space, line\u2028separator",
        "replacement \uFFFD char and NUL\u0000byte",
        "lone \uD800 surrogate",
        "private \uE000 use",
        "text with [SEP] and [CLS] and [UNK] and [MASK] inside",
        new string('a', 100) + " exactly one hundred",
        new string('a', 101) + " one over the limit",
        "prefix-" + new string('b', 150) + "-suffix",
        string.Concat(Enumerable.Repeat("é", 120)),
        string.Concat(Enumerable.Repeat("e\u0301", 90)) + " decomposed accents do not count",
        string.Concat(Enumerable.Repeat("𝐚", 60)) + " surrogate pairs count once",
        string.Concat(Enumerable.Repeat("𝐚", 101)) + " and over the limit",
        "hello😀world and x🕯y mid-word symbols",
        "internationalization supercalifragilisticexpialidocious antidisestablishmentarianism",
        "e.g. U.S.A. i.e. Mr. O'Neil's 'quoted' \"double\"",
        "tabs\tand\r\nnewlines\n\nhere",
        "Represent this sentence for searching relevant passages: who carried out the attack?",
    };

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void Hand_written_text_gets_BERTs_ids(string text)
    {
        var expected = ReferenceBertTokenizer.Instance.Encode(text);

        var actual = Product.Value.Encode(text, 100_000, out var truncated);

        Assert.False(truncated);
        Assert.Equal(ReferenceBertTokenizer.Instance.Show(expected), ReferenceBertTokenizer.Instance.Show(actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_seed_file_paragraph_and_sentence_gets_BERTs_ids()
    {
        var mismatches = new List<string>();
        var checkedTexts = 0;
        foreach (var file in Directory.GetFiles(RepoPaths.Seeds, "*.txt").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var sentences = paragraphs.SelectMany(p => SentenceEnd().Split(p));
            foreach (var piece in new[] { text }.Concat(paragraphs).Concat(sentences))
            {
                checkedTexts++;
                var expected = ReferenceBertTokenizer.Instance.Encode(piece);
                var actual = Product.Value.Encode(piece, 100_000, out _);
                if (!expected.SequenceEqual(actual))
                {
                    mismatches.Add($"{Path.GetFileName(file)}: \"{Shorten(piece)}\"\n  BERT: {Shorten(ReferenceBertTokenizer.Instance.Show(expected))}\n  ours: {Shorten(ReferenceBertTokenizer.Instance.Show(actual))}");
                }
            }
        }

        Assert.True(checkedTexts > 500, $"only {checkedTexts} seed texts were read");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(512)]
    public void A_long_input_keeps_its_first_pieces_and_ends_with_SEP(int maxTokens)
    {
        var text = string.Join(' ', Enumerable.Repeat("internationalization, “curly” $5 naïveté", 200));
        var full = ReferenceBertTokenizer.Instance.Encode(text);

        var actual = Product.Value.Encode(text, maxTokens, out var truncated);

        Assert.True(truncated);
        Assert.Equal(full.Take(maxTokens - 1).Append(ReferenceBertTokenizer.Instance.Id("[SEP]")), actual);
    }

    [Fact]
    public void An_input_of_exactly_the_limit_is_not_truncated_and_one_more_piece_is()
    {
        var words = "one two three four five six";
        Assert.Equal(8, ReferenceBertTokenizer.Instance.Encode(words).Count);

        var exact = Product.Value.Encode(words, 8, out var exactTruncated);
        var over = Product.Value.Encode(words + " seven", 8, out var overTruncated);

        Assert.False(exactTruncated);
        Assert.Equal(ReferenceBertTokenizer.Instance.Encode(words), exact);
        Assert.True(overTruncated);
        Assert.Equal(exact, over);
    }

    [Fact]
    public void Tokenizing_from_many_threads_gives_the_same_ids()
    {
        var texts = File.ReadAllLines(Path.Combine(RepoPaths.Seeds, "001_faa7436319fd51a6.txt"), Encoding.UTF8);
        var expected = texts.Select(t => Product.Value.Encode(t, 512, out _)).ToArray();

        var actual = new long[texts.Length][];
        Parallel.For(0, texts.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i % texts.Length] = Product.Value.Encode(texts[i % texts.Length], 512, out _));

        Assert.Equal(expected, actual);
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
