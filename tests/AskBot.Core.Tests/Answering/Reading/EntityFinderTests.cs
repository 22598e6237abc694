using AskBot.Core.Answering.Reading;

namespace AskBot.Core.Tests.Answering.Reading;

public sealed class EntityFinderTests
{
    [Theory]
    [InlineData("The ceremony was led by Maria Lopez and John Smith.", "Maria Lopez|John Smith")]
    [InlineData("Today Maria Lopez announced the plan.", "Maria Lopez")]
    [InlineData("Yesterday Paris was quiet.", "Paris")]
    [InlineData("A New York-based charity sent aid.", "New York")]
    [InlineData("Aid came from a New York-based charity.", "New York")]
    [InlineData("Crowds gathered in Paris's main square.", "Paris")]
    [InlineData("Crowds gathered in Paris\u2019s main square.", "Paris")]
    [InlineData("The Duke of Westmere opened the hall.", "Duke of Westmere")]
    [InlineData("She met Omar bin Said at the port.", "Omar bin Said")]
    [InlineData("Officials said the storm would pass.", "")]
    [InlineData("The museum reopens on Monday in June.", "")]
    public void Find_CapitalisedRuns_AreNamesWithoutOpenersSuffixesOrPossessives(string sentence, string expected)
    {
        Assert.Equal(expected, Texts(sentence, AnswerType.Name));
    }

    [Theory]
    [InlineData("Maria Lopez lives near Dunmore.", "Dunmore")]
    [InlineData("The storm hit villages in eastern Norland and Vestmark.", "Norland|Vestmark")]
    [InlineData("Fighting spread to Alder, Birch or Cedar overnight.", "Alder|Birch|Cedar")]
    [InlineData("The mayor moved to the southern city of Kestrel last year.", "Kestrel")]
    [InlineData("Crowds gathered in Paris's main square.", "Paris")]
    [InlineData("The ceremony was led by Maria Lopez and John Smith.", "")]
    [InlineData("Aid came from a New York-based charity.", "")]
    public void Find_NamesAfterAPlacePrepositionOrCoordinatedWithAPlace_ArePlaces(string sentence, string expected)
    {
        Assert.Equal(expected, Texts(sentence, AnswerType.Place));
    }

    [Theory]
    [InlineData("The bridge opened on March 3, 2004, after delays.", "on March 3, 2004")]
    [InlineData("Talks began on 14 July 1789 in the hall.", "on 14 July 1789")]
    [InlineData("The mill closed in 1998 and reopened in the 2010s.", "in 1998|2010s")]
    [InlineData("The chapel dates from the 12th century.", "12th century")]
    [InlineData("The 1990s saw 12 new schools open.", "1990s")]
    [InlineData("Some 500 people marched.", "")]
    public void Find_DatesAndYears_AreDates(string sentence, string expected)
    {
        Assert.Equal(expected, Texts(sentence, AnswerType.Date));
    }

    [Theory]
    [InlineData("At least 42 people were injured and three buildings collapsed.", "At least 42=42|three=3")]
    [InlineData("The stadium holds 6,200 fans.", "6,200=6200")]
    [InlineData("Prices rose by 3.5 percent last year.", "3.5 percent=3.5")]
    [InlineData("Dozens of volunteers helped.", "Dozens=24")]
    [InlineData("About 300 to 400 people fled.", "About 300 to 400=300")]
    [InlineData("Some 500 people marched.", "Some 500=500")]
    [InlineData("The 1990s saw 12 new schools open.", "12=12")]
    public void Find_NumbersAndNumberWords_AreQuantitiesWithTheirValue(string sentence, string expected)
    {
        Assert.Equal(expected, TextsWithValues(sentence, AnswerType.Quantity));
    }

    [Theory]
    [InlineData("The bridge opened on March 3, 2004, after delays.")]
    [InlineData("Talks began on 14 July 1789 in the hall.")]
    [InlineData("The mill closed in 1998 and reopened in the 2010s.")]
    [InlineData("The chapel dates from the 12th century.")]
    [InlineData("A 29-year-old man was arrested.")]
    [InlineData("The singer is 45 years old.")]
    public void Find_YearsDatesAndAges_AreNotQuantities(string sentence)
    {
        Assert.Equal(string.Empty, Texts(sentence, AnswerType.Quantity));
    }

    [Theory]
    [InlineData("A 29-year-old man was arrested.", "29-year-old=29")]
    [InlineData("The singer is 45 years old.", "45 years old=45")]
    [InlineData("The captain, aged 61, retired.", "aged 61=61")]
    [InlineData("She left school at the age of 16.", "age of 16=16")]
    public void Find_AgePhrases_AreAgesWithTheirValue(string sentence, string expected)
    {
        Assert.Equal(expected, TextsWithValues(sentence, AnswerType.Age));
    }

    [Theory]
    [InlineData("The captain, aged 61, retired.")]
    [InlineData("She left school at the age of 16.")]
    public void Find_AgedOrAgeOfPhrase_IsNotAQuantity(string sentence)
    {
        Assert.Equal(string.Empty, Texts(sentence, AnswerType.Quantity));
    }

    [Theory]
    [InlineData("The stadium holds 6,800 fans.", "6,800=6800")]
    [InlineData("Floods destroyed 1,500 homes.", "1,500=1500")]
    public void Find_ThousandsGroupedNumber_IsOneQuantityAndNoDate(string sentence, string expected)
    {
        Assert.Equal(string.Empty, Texts(sentence, AnswerType.Date));
        Assert.Equal(expected, TextsWithValues(sentence, AnswerType.Quantity));
    }

    [Theory]
    [InlineData("The museum displays 750 paintings.", "750=750")]
    [InlineData("The hall seats 800 guests.", "800=800")]
    public void Find_ThreeDigitCountOfThings_IsAQuantityNotAYear(string sentence, string expected)
    {
        Assert.Equal(string.Empty, Texts(sentence, AnswerType.Date));
        Assert.Equal(expected, TextsWithValues(sentence, AnswerType.Quantity));
    }

    [Theory]
    [InlineData("The ceremony was led by Maria Lopez and John Smith.")]
    [InlineData("A New York-based charity sent aid.")]
    [InlineData("Crowds gathered in Paris's main square.")]
    [InlineData("The storm hit villages in eastern Norland and Vestmark.")]
    [InlineData("The bridge opened on March 3, 2004, after delays.")]
    [InlineData("At least 42 people were injured and three buildings collapsed.")]
    [InlineData("A 29-year-old man was arrested.")]
    public void Find_EverySpan_IsItsOwnTextInTheSentenceInTextOrder(string sentence)
    {
        var spans = EntityFinder.Find(sentence);

        Assert.NotEmpty(spans);
        Assert.All(spans, s => Assert.Equal(s.Text, sentence[s.Start..s.End]));
        Assert.Equal(spans.Select(s => s.Start).Order(), spans.Select(s => s.Start));
    }

    [Theory]
    [InlineData("6,200", 6200)]
    [InlineData("3.5", 3.5)]
    [InlineData("four", 4)]
    [InlineData("Dozens", 24)]
    [InlineData("thousands", 2000)]
    public void ValueOf_DigitsOrNumberWord_IsItsNumber(string number, double expected)
    {
        Assert.Equal((decimal)expected, EntityFinder.ValueOf(number));
    }

    [Fact]
    public void ValueOf_NotANumber_IsNull()
    {
        Assert.Null(EntityFinder.ValueOf("several"));
    }

    private static string Texts(string sentence, AnswerType type)
        => string.Join('|', EntityFinder.Find(sentence).Where(s => s.Type == type).Select(s => s.Text));

    private static string TextsWithValues(string sentence, AnswerType type)
        => string.Join('|', EntityFinder.Find(sentence).Where(s => s.Type == type).Select(s => FormattableString.Invariant($"{s.Text}={s.Value}")));
}
