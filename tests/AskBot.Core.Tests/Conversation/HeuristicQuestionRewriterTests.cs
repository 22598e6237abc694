using AskBot.Core.Conversation;

namespace AskBot.Core.Tests.Conversation;

public sealed class HeuristicQuestionRewriterTests
{
    private readonly HeuristicQuestionRewriter rewriter = new();

    private static ConversationHistory After(string question, string answer) =>
        ConversationHistory.Empty.Append(new ConversationTurn(question, question, answer, Refused: false));

    [Fact]
    public async Task RewriteAsync_PersonalPronoun_TakesThePersonTheLastAnswerNamed()
    {
        var history = After("Who leads ISIS-K?", "Sanaullah Ghafari [1].\nToday ISIS-K is led by a 29-year-old named Sanaullah Ghafari. [1]");

        Assert.Equal("How old is Sanaullah Ghafari?", await this.rewriter.RewriteAsync("How old is he?", history));
    }

    [Fact]
    public async Task RewriteAsync_It_TakesTheSubjectOfTheLastQuestion()
    {
        var history = After("Who leads ISIS-K?", "Sanaullah Ghafari [1].");

        Assert.Equal("When was ISIS-K founded?", await this.rewriter.RewriteAsync("When was it founded?", history));
    }

    [Fact]
    public async Task RewriteAsync_ItAfterAWhoQuestion_TakesTheNameTheAnswerGave()
    {
        var history = After("Who claimed responsibility for the Moscow concert attack?", "Islamic State [1].\nThe Islamic State claimed responsibility. [1]");

        Assert.Equal("Where is Islamic State based?", await this.rewriter.RewriteAsync("Where is it based?", history));
    }

    [Fact]
    public async Task RewriteAsync_ThemAfterAPluralPhrase_TakesThePhrase()
    {
        var history = After("Where were the suspects from?", "Tajikistan [1].");

        Assert.Equal("How many of the suspects were there?", await this.rewriter.RewriteAsync("How many of them were there?", history));
    }

    [Fact]
    public async Task RewriteAsync_LocativeThere_TakesThePlaceOfTheLastQuestion()
    {
        var history = After("What happened at Kabul airport in 2021?", "A suicide bombing [1].");

        Assert.Equal("How many troops died in Kabul?", await this.rewriter.RewriteAsync("How many troops died there?", history));
    }

    [Fact]
    public async Task RewriteAsync_HeWhenTheAnswerNamesAPlaceFirst_SkipsToThePerson()
    {
        var history = After("Who said ISIS-K is fixated on Russia?", "“ISIS-K is fixated on Russia,” said Colin Clarke of Soufan Centre, a New York-based research group. [1]");

        Assert.Equal("Which organization does Colin Clarke work for?", await this.rewriter.RewriteAsync("Which organization does he work for?", history));
    }

    [Fact]
    public async Task RewriteAsync_WhatAbout_ReplacesTheSubjectOfTheLastQuestion()
    {
        var history = After("How many people did ISIS-K kill in Iran?", "84 [1].");

        Assert.Equal("How many people did ISIS-K kill in Pakistan?", await this.rewriter.RewriteAsync("What about Pakistan?", history));
    }

    [Fact]
    public async Task RewriteAsync_NoHistory_ReturnsTheQuestionUnchanged()
    {
        Assert.Equal("How old is he?", await this.rewriter.RewriteAsync("How old is he?", ConversationHistory.Empty));
    }
}
