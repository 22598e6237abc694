using AskBot.Core.Text;

namespace AskBot.Core.Tests.Text;

public sealed class TermAnalyzerTests
{
    private readonly TermAnalyzer analyzer = new();

    [Fact]
    public void Tokenize_lowercases_and_removes_thousands_separators()
    {
        Assert.Equal(["between", "4000", "and", "6200"], this.analyzer.Tokenize("Between 4,000 and 6,200."));
    }

    [Fact]
    public void Tokenize_splits_hyphenated_words_with_numbers_into_parts()
    {
        Assert.Equal(["a", "29", "year", "old"], this.analyzer.Tokenize("a 29-year-old"));
    }

    [Theory]
    [InlineData("ISIS-K", "isisk")]
    [InlineData("IS-K", "isk")]
    [InlineData("ISIL-K", "isilk")]
    [InlineData("ISIS\u2011K\u2019s", "isisk")]
    public void Tokenize_emits_joined_form_of_hyphenated_names_with_a_short_segment(string text, string joined)
    {
        var tokens = this.analyzer.Tokenize(text);
        Assert.Contains(joined, tokens);
        Assert.Contains("k", tokens);
    }

    [Fact]
    public void Tokenize_does_not_join_ordinary_hyphenated_words()
    {
        Assert.Equal(["islamic", "state", "khorasan"], this.analyzer.Tokenize("Islamic State-Khorasan"));
    }

    [Fact]
    public void Tokenize_folds_curly_quotes_dashes_and_diacritics()
    {
        Assert.Equal(["cafe", "attack", "which", "dont"], this.analyzer.Tokenize("Caf\u00e9 \u201cattack\u201d\u2014which don\u2019t"));
    }

    [Fact]
    public void Tokenize_joins_dotted_acronyms_and_keeps_decimals()
    {
        Assert.Equal(["us", "led", "3.5", "un"], this.analyzer.Tokenize("U.S.-led 3.5 U.N."));
    }

    [Fact]
    public void Terms_drop_question_words_and_auxiliaries()
    {
        Assert.Equal(["lead", "isisk"], this.analyzer.Terms("Who leads ISIS-K?").Where(t => t != "isi"));
        Assert.Empty(this.analyzer.Terms("What is it, and why did they do it, how, when, where, which?"));
    }

    [Theory]
    [InlineData("killed", "killing", "kills")]
    [InlineData("leads", "leader", "leading")]
    [InlineData("led", "leaders", "lead")]
    [InlineData("attacks", "attacked", "attacker")]
    public void Stem_maps_inflections_to_one_stem(string a, string b, string c)
    {
        var stem = this.analyzer.Stem(a);
        Assert.Equal(stem, this.analyzer.Stem(b));
        Assert.Equal(stem, this.analyzer.Stem(c));
    }

    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("hopping", "hop")]
    [InlineData("relational", "relat")]
    [InlineData("generalization", "gener")]
    public void Stem_follows_porter(string word, string stem)
    {
        Assert.Equal(stem, this.analyzer.Stem(word));
    }

    [Fact]
    public void Stem_leaves_numbers_alone()
    {
        Assert.Equal("2024", this.analyzer.Stem("2024"));
    }

    [Theory]
    [InlineData("who")]
    [InlineData("does")]
    [InlineData("the")]
    [InlineData("k")]
    public void IsStopword_recognises_function_words(string token)
    {
        Assert.True(this.analyzer.IsStopword(token));
    }

    [Fact]
    public void Name_variants_share_a_term_with_their_joined_form()
    {
        var a = this.analyzer.Terms("ISIS-K");
        var b = this.analyzer.Terms("ISISK");
        Assert.Contains("isisk", a);
        Assert.Contains("isisk", b);
    }
}
