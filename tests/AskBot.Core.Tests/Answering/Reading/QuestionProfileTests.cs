using AskBot.Core.Answering.Reading;
using AskBot.Core.Text;

namespace AskBot.Core.Tests.Answering.Reading;

public sealed class QuestionProfileTests
{
    private readonly TermAnalyzer analyzer = new();

    [Theory]
    [InlineData("Who founded the chess club?", AnswerType.Name)]
    [InlineData("Which leader signed the treaty?", AnswerType.Name)]
    [InlineData("Which suspect was arrested first?", AnswerType.Name)]
    [InlineData("What was the name of the ship?", AnswerType.Name)]
    [InlineData("The prize went to whom?", AnswerType.Name)]
    [InlineData("When did the bridge open?", AnswerType.Date)]
    [InlineData("What year did the mill close?", AnswerType.Date)]
    [InlineData("In what year was the library built?", AnswerType.Date)]
    [InlineData("How many people attended the festival?", AnswerType.Quantity)]
    [InlineData("How much did the tickets cost?", AnswerType.Quantity)]
    [InlineData("What was the death toll?", AnswerType.Quantity)]
    [InlineData("What is the population of the island?", AnswerType.Quantity)]
    [InlineData("How old was the captain?", AnswerType.Age)]
    [InlineData("At what age did she retire?", AnswerType.Age)]
    [InlineData("Where was the treaty signed?", AnswerType.Place)]
    [InlineData("Which country hosted the games?", AnswerType.Place)]
    [InlineData("In which city did the band form?", AnswerType.Place)]
    [InlineData("Why did the factory close?", AnswerType.None)]
    [InlineData("How did the fire start?", AnswerType.None)]
    [InlineData("What did the council decide?", AnswerType.None)]
    [InlineData("Is the museum open on Sundays?", AnswerType.None)]
    [InlineData("Who is Ada Lovelace?", AnswerType.None)]
    [InlineData("Who was J. R. Smith of the Harbour Board?", AnswerType.None)]
    [InlineData("Who is the mayor of Springfield?", AnswerType.Name)]
    [InlineData("Who was Smith's deputy?", AnswerType.Name)]
    public void Create_QuestionWords_GiveTheAskedType(string question, AnswerType expected)
    {
        Assert.Equal(expected, QuestionProfile.Create(question, this.analyzer).Type);
    }

    [Theory]
    [InlineData("Who was in charge when the storm hit?", AnswerType.Name)]
    [InlineData("Who was in charge when the mill closed, and what year was that?", AnswerType.Name)]
    [InlineData("When did the man who led the expedition return?", AnswerType.Date)]
    [InlineData("When was the woman who wrote the letter born?", AnswerType.Date)]
    [InlineData("Where did the officials who were arrested work?", AnswerType.Place)]
    [InlineData("How many soldiers did the general who led the army lose?", AnswerType.Quantity)]
    public void Create_SeveralCues_TheEarliestWins(string question, AnswerType expected)
    {
        Assert.Equal(expected, QuestionProfile.Create(question, this.analyzer).Type);
    }

    [Fact]
    public void Create_NamesAndNumbers_AreSpecificTermsButNotTheOpeningWord()
    {
        var profile = QuestionProfile.Create("Describe how Maple Street flooded in 1998 and 2,400 homes emptied.", this.analyzer);

        Assert.Equal(["1998", "2400", "mapl", "street"], profile.SpecificTerms.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("describ", profile.SpecificTerms);
        Assert.DoesNotContain("flood", profile.SpecificTerms);
        Assert.Contains("describ", profile.Terms);
        Assert.Contains("flood", profile.Terms);
    }

    [Theory]
    [InlineData("Who founded the Riverside Chess Club?", "chess|club|riversid")]
    [InlineData("Name the captain of the Blue Heron.", "blue|heron")]
    [InlineData("1998 was the year of which storm?", "1998")]
    [InlineData("McAllister sold what to whom?", "mcallist")]
    [InlineData("Who leads ACME-K now?", "acm|acmek")]
    [InlineData("what did the mayor say?", "")]
    public void Create_SpecificTerms_AreTheStemsOfCapitalisedWordsAndNumbers(string question, string expected)
    {
        var profile = QuestionProfile.Create(question, this.analyzer);

        Assert.Equal(expected, string.Join('|', profile.SpecificTerms.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Create_RepeatedWords_TermsAreDistinctInQuestionOrder()
    {
        var profile = QuestionProfile.Create("Which team led the league after the team lost the league final?", this.analyzer);

        Assert.Equal(["team", "lead", "leagu", "lose", "final"], profile.Terms);
    }

    [Theory]
    [InlineData("How many people attended the festival?", "peopl|attend")]
    [InlineData("How much money was raised?", "monei")]
    [InlineData("What was the death toll?", "")]
    [InlineData("Who founded the club?", "")]
    public void Create_QuantityQuestion_FocusTermsAreTheTwoWordsAfterTheCue(string question, string expected)
    {
        Assert.Equal(expected, string.Join('|', QuestionProfile.Create(question, this.analyzer).FocusTerms));
    }

    [Fact]
    public void Create_Tokens_AreTheLowerCaseWordsOfTheQuestion()
    {
        var profile = QuestionProfile.Create("Who led the 29-year-old's crew?", this.analyzer);

        Assert.Equal(["29", "crew", "led", "old", "the", "who", "year"], profile.Tokens.Order(StringComparer.Ordinal));
        Assert.Equal("Who led the 29-year-old's crew?", profile.Text);
    }
}
