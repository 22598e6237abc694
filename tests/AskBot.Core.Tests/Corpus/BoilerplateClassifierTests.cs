using AskBot.Core.Corpus;

namespace AskBot.Core.Tests.Corpus;

public sealed class BoilerplateClassifierTests
{
    private const string BodyBefore = "The attack killed 137 people, officials said on Monday.";
    private const string BodyAfter = "Investigators are still searching the building, the ministry added.";

    private readonly BoilerplateClassifier classifier = new();

    [Theory]
    [InlineData("Share.")]
    [InlineData("Leave A Reply")]
    [InlineData("Leave a Reply")]
    [InlineData("Exit mobile version")]
    [InlineData("Related News")]
    [InlineData("Back to top button")]
    [InlineData("No comments:")]
    [InlineData("Post a Comment")]
    [InlineData("Your email address will not be published. Required fields are marked *")]
    [InlineData("Photos: Russia Concert Hall Attack")]
    [InlineData("Video: Moment gunmen enter the hall")]
    [InlineData("***")]
    public void Classify_WebChromeLineBetweenBodyParagraphs_IsBoilerplate(string line)
    {
        var kinds = this.ClassifyLines(BodyBefore, line, BodyAfter);

        Assert.Equal([LineKind.Body, LineKind.Boilerplate, LineKind.Body], kinds);
    }

    [Fact]
    public void Classify_RunOfRelatedLinkHeadlines_IsDroppedEvenWithAQuestionAmongThem()
    {
        var kinds = this.ClassifyLines(
            BodyBefore,
            "Moscow attack: Debunking the false claims",
            "Steve Rosenberg: As Russia mourns, how will Putin react?",
            "Bullets and panic - the Moscow concert that became a massacre",
            BodyAfter);

        Assert.Equal([LineKind.Body, LineKind.Boilerplate, LineKind.Boilerplate, LineKind.Boilerplate, LineKind.Body], kinds);
    }

    [Fact]
    public void Classify_SingleUnpunctuatedLineBetweenBodyParagraphs_IsCaption()
    {
        var kinds = this.ClassifyLines(BodyBefore, "Dalerdzhon Mirzoyev, one of the suspects, appeared in court with visible injuries", BodyAfter);

        Assert.Equal([LineKind.Body, LineKind.Caption, LineKind.Body], kinds);
    }

    [Theory]
    [InlineData("The funeral in the hills outside of Kabul, Afghanistan on Aug. 27, 2021. (Victor J. Blue/The New York Times)")]
    [InlineData("People mourn at a makeshift memorial in Krasnogorsk. (Photo by Olga MALTSEVA / AFP)")]
    [InlineData("A couple mourns at a memorial in St. Petersburg. | Artem Priakhin/SOPA Images/Sipa USA/Newscom")]
    [InlineData("EDITORS NOTE: Graphic content / Volunteers bring an injured man to a hospital.")]
    [InlineData("Illustration of a shooting target in the colours of the Russian flag.")]
    public void Classify_PunctuatedLineWithPhotoCredit_IsCaption(string line)
    {
        var kinds = this.ClassifyLines(BodyBefore, line, BodyAfter);

        Assert.Equal(LineKind.Caption, kinds[1]);
    }

    [Theory]
    [InlineData("Who were the attackers?")]
    [InlineData("How Did ISIS-K Form and Where Is It Based?")]
    [InlineData("Past Attacks By ISIS-K")]
    public void Classify_QuestionOrTitleCaseSubheading_IsHeading(string line)
    {
        var kinds = this.ClassifyLines(BodyBefore, line, BodyAfter);

        Assert.Equal(LineKind.Heading, kinds[1]);
    }

    [Fact]
    public void Classify_LongQuestionSentence_StaysBody()
    {
        var kinds = this.ClassifyLines(
            "For example, why were the attackers able to wander at will for nearly an hour around the hall with absolutely no apparent sense of urgency?",
            BodyAfter);

        Assert.Equal(LineKind.Body, kinds[0]);
    }

    [Fact]
    public void Classify_EmbeddedTweetLines_AreSocialPostsAndSurroundingProseIsBody()
    {
        var kinds = this.ClassifyLines(
            "The group poses a persistent threat to American and allied interests, according to Business Standard.",
            "Islamic terrorist org. Islamic State IS/ISIS has claimed responsibility for the attack at #CrocusCityHall in #Moscow,",
            "Now Putin’s destruction will rain down on IS. We Stand with #Russia pic.twitter.com/GRPgGs76L2",
            "— Half Engineer (@Halfenginear) March 23, 2024",
            "The term “Khorasan” refers to a historical region.",
            "🕯️As a sign of mourning, the Russian Embassy in India flies the national flag at half-mast.",
            "We express our sincere condolences to the families. pic.twitter.com/bDwut30813",
            "— Russia in India 🇷🇺 (@RusEmbIndia) March 23, 2024",
            BodyAfter);

        Assert.Equal(
            [
                LineKind.Body, LineKind.SocialPost, LineKind.SocialPost, LineKind.SocialPost,
                LineKind.Body, LineKind.SocialPost, LineKind.SocialPost, LineKind.SocialPost, LineKind.Body,
            ],
            kinds);
    }

    [Theory]
    [InlineData("c.2024 The New York Times Company", "The New York Times")]
    [InlineData("This story was originally published by Reuters.", "Reuters")]
    [InlineData("© 2024 Example Media Inc. All rights reserved.", "Example Media")]
    [InlineData("Copyright 2023-2024 Daily Planet", "Daily Planet")]
    public void TryParseSourceCredit_CopyrightAndSyndicationLines_NameTheOutlet(string line, string outlet)
    {
        Assert.True(BoilerplateClassifier.TryParseSourceCredit(line, out var parsed));
        Assert.Equal(outlet, parsed);
        Assert.Equal([LineKind.Body, LineKind.SourceCredit], this.ClassifyLines(BodyBefore, line));
    }

    [Theory]
    [InlineData("The company was originally a steel maker.")]
    [InlineData("In 2024 the group grew.")]
    public void TryParseSourceCredit_OrdinaryProse_IsNotACredit(string line)
    {
        Assert.False(BoilerplateClassifier.TryParseSourceCredit(line, out _));
    }

    [Fact]
    public void Classify_LoneLineAmongFooterBoilerplate_IsDropped()
    {
        var kinds = this.ClassifyLines(
            BodyAfter,
            "This story was originally published by Reuters.",
            "According to the news on Radio New Zealand",
            "Related News",
            "Leave a Reply");

        Assert.Equal([LineKind.Body, LineKind.SourceCredit, LineKind.Boilerplate, LineKind.Boilerplate, LineKind.Boilerplate], kinds);
    }

    [Theory]
    [InlineData("Perhaps its most brazen operation to date came in January 2024,")]
    [InlineData("Senior fellow at the Center for Strategic and International Studies Dan Byman:")]
    [InlineData("(John Kirby, U.S. National Security spokesperson)")]
    [InlineData("with twin bombings that killed nearly 100 people in Iran.")]
    [InlineData("Share the blame, he said, because the warnings were ignored.")]
    public void Classify_TranscriptFragmentsAndProse_StayBody(string line)
    {
        var kinds = this.ClassifyLines(BodyBefore, line, BodyAfter);

        Assert.Equal(LineKind.Body, kinds[1]);
    }

    [Theory]
    [InlineData("Mon, March 25, 2024", true)]
    [InlineData("Updated Mon, March 25, 2024", true)]
    [InlineData("March 23, 2024", true)]
    [InlineData("25 March 2024", true)]
    [InlineData("2024-03-25", true)]
    [InlineData("Tuesday, Aug. 27, 2021 10:02 AM", true)]
    [InlineData("On March 22, armed men burst into this concert hall.", false)]
    [InlineData("— Sputnik (@SputnikInt) March 22, 2024", false)]
    public void IsDateLine_RecognisesWholeLineDatesOnly(string line, bool expected)
    {
        Assert.Equal(expected, BoilerplateClassifier.IsDateLine(line));
    }

    private IReadOnlyList<LineKind> ClassifyLines(params string[] lines)
    {
        var text = string.Join("\n\n", lines);
        var spans = TextLines.Split(text);
        Assert.Equal(lines.Length, spans.Count);
        return this.classifier.Classify(text, spans);
    }
}
