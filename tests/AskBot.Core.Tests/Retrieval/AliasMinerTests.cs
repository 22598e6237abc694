using AskBot.Core.Retrieval;
using AskBot.Core.Tests.Indexing;
using AskBot.Core.Text;
using Xunit.Abstractions;

namespace AskBot.Core.Tests.Retrieval;

public sealed class AliasMinerTests
{
    private readonly TermAnalyzer analyzer = new();
    private readonly ITestOutputHelper output;

    public AliasMinerTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Theory]
    [InlineData("The Center for Strategic and International Studies (CSIS) said so.", "cent strateg intern studi", "csi")]
    [InlineData("Officials blamed ISIS-Khorasan, known as (ISIS-K), for it.", "isi khorasan", "isisk")]
    [InlineData("NTSB is an abbreviation of National Transportation Safety Board.", "nation transport safeti board", "ntsb")]
    [InlineData("The attack was claimed by Islamic State Khorasan Province, also known as ISKP.", "islam state khorasan provinc", "iskp")]
    [InlineData("The North Atlantic Treaty Organization, or NATO, met.", "north atlant treati organ", "nato")]
    [InlineData("The Islamic State Khorasan Province (ISKP) claimed it.", "islam state khorasan provinc", "iskp")]
    public void Mine_links_a_long_name_to_its_acronym(string text, string longForm, string acronym)
    {
        var table = new AliasMiner(this.analyzer).Mine([text]);
        var group = Assert.Single(Enumerable.Range(0, table.Count));
        var forms = table.FormsOf(group).Select(f => string.Join(' ', f)).ToList();
        Assert.Contains(longForm, forms);
        Assert.Contains(acronym, forms);
    }

    [Fact]
    public void Mine_links_also_known_as_aliases_to_the_parenthesised_subject()
    {
        var table = new AliasMiner(this.analyzer).Mine(
            ["It shifted to the Islamic State of Iraq and Syria-Khorasan (ISIS-K), also known as ISKP or ISK, which claimed it."]);
        var forms = table.FormsOf(Assert.Single(Enumerable.Range(0, table.Count))).Select(f => string.Join(' ', f)).ToList();
        Assert.Contains("isisk", forms);
        Assert.Contains("iskp", forms);
        Assert.Contains("isk", forms);
        Assert.Contains("islam state iraq syria khorasan", forms);
    }

    [Theory]
    [InlineData("He met the Prime Minister (PM) today.", 1)]
    [InlineData("The talks (GOOD) went well.", 0)]
    [InlineData("The company, also known as the Firm, grew.", 0)]
    [InlineData("Officials (FBI) arrived.", 0)]
    [InlineData("It was no surprise that the terrorist group known as ISIS did it.", 0)]
    [InlineData("He described the Islamic State's Afghan branch known as ISIS-K.", 0)]
    public void Mine_rejects_acronyms_whose_letters_do_not_fit(string text, int groups)
    {
        Assert.Equal(groups, new AliasMiner(this.analyzer).Mine([text]).Count);
    }

    [Fact]
    public void Mine_on_seed_corpus_groups_the_isis_k_names()
    {
        var texts = SeedCorpus.Files().Select(File.ReadAllText).ToList();
        var table = new AliasMiner(this.analyzer).Mine(texts);
        for (var g = 0; g < table.Count; g++)
        {
            this.output.WriteLine(string.Join(" | ", table.FormsOf(g).Select(f => string.Join(' ', f))));
        }

        var group = Enumerable.Range(0, table.Count).Single(g => table.FormsOf(g).Any(f => f.SequenceEqual(["isisk"])));
        var forms = table.FormsOf(group).Select(f => string.Join(' ', f)).ToList();
        Assert.Contains("iskp", forms);
        Assert.Contains("isk", forms);
    }
}
