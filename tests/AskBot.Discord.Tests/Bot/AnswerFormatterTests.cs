using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AskBot.Core.Answering;
using AskBot.Core.Retrieval;
using AskBot.Discord.Bot;
using AskBot.Discord.Models;

namespace AskBot.Discord.Tests.Bot;

public sealed partial class AnswerFormatterTests
{
    [Fact]
    public void Format_FiveThousandCharacterAnswer_SplitsAtSentenceBoundariesUnderTheLimit()
    {
        // Arrange: sentences of varying length, markers after the period and glued before it.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 5000; i++)
        {
            var filler = string.Concat(Enumerable.Repeat(" and the concert hall", i % 7));
            text.Append(i % 2 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"Sentence {i} says the attack near Moscow{filler} was claimed by ISIS-K. [{(i % 4) + 1}] ")
                : string.Create(CultureInfo.InvariantCulture, $"Sentence {i} says the gunmen{filler} were arrested [{(i % 4) + 1}][{(i % 3) + 1}]. "));
        }

        var answer = text.ToString().Trim();
        var result = Result(answer, Citations(2, quoteLength: 200));

        // Act
        var messages = AnswerFormatter.Format(result, "abc123");

        // Assert
        Assert.True(answer.Length >= 5000);
        Assert.True(messages.Count >= 3);
        Assert.All(messages, m => Assert.InRange(m.Content!.Length, 1, DiscordLimits.ContentChars));
        for (var i = 0; i < messages.Count - 1; i++)
        {
            Assert.Matches(@"(\.|\.\s\[\d+\]|\[\d+\]\.)$", messages[i].Content!);
            Assert.StartsWith("Sentence ", messages[i + 1].Content!, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"^\[", messages[i + 1].Content!);
        }

        Assert.Equal(Collapse(answer), Collapse(string.Join(" ", messages.Select(m => m.Content))));
    }

    [Fact]
    public void Format_LimitFallsBetweenSentenceAndItsMarker_MovesTheWholeSentence()
    {
        // Arrange: the second sentence fits the first message only without its trailing " [2]".
        var first = "ISIS-K claimed the attack. [1] ";
        var second = "Gunmen " + string.Concat(Enumerable.Repeat("opened fire ", 200));
        second = second[..(DiscordLimits.ContentChars - first.Length - 1)].TrimEnd() + ".";
        var answer = first + second + " [2]";

        // Act
        var messages = AnswerFormatter.Format(Result(answer, Citations(2, 50)), "abc");

        // Assert
        Assert.Equal(["ISIS-K claimed the attack. [1]", second + " [2]"], messages.Select(m => m.Content));
    }

    [Fact]
    public void Sentences_KeepTrailingMarkersWithTheirSentence()
    {
        var sentences = MessageSplitter.Sentences("A b. [1] C d [2]. E f.[3] G? [4][5] H, [6] i\nJ k");

        Assert.Equal(["A b. [1] ", "C d [2]. ", "E f.[3] ", "G? [4][5] ", "H, [6] i\n", "J k"], sentences);
    }

    [Fact]
    public void Format_SentenceLongerThanTheLimit_SplitsAtWhitespaceAndKeepsMarkersWhole()
    {
        // Arrange: one 4,500-character sentence with markers inside.
        var words = Enumerable.Range(0, 600).Select(i => i % 25 == 0 ? $"word{i} [{(i % 9) + 1}]" : $"word{i}");
        var answer = string.Join(' ', words) + ".";
        var result = Result(answer, []);

        // Act
        var messages = AnswerFormatter.Format(result, "abc123");

        // Assert
        Assert.True(messages.Count >= 3);
        Assert.All(messages, m =>
        {
            Assert.True(m.Content!.Length <= DiscordLimits.ContentChars);
            Assert.Equal(m.Content.Count(c => c == '['), m.Content.Count(c => c == ']'));
            Assert.DoesNotMatch(@"\[\d*$", m.Content);
        });
        Assert.Equal(Collapse(answer), Collapse(string.Join(" ", messages.Select(m => m.Content))));
    }

    [Fact]
    public void Format_FortyLongCitations_KeepsEveryEmbedLimit()
    {
        // Arrange
        var result = Result("ISIS-K claimed the attack. [1]", Citations(40, quoteLength: 1500, titleLength: 300));

        // Act
        var messages = AnswerFormatter.Format(result, "abc123");

        // Assert
        var embeds = messages[^1].Embeds!;
        Assert.InRange(embeds.Count, 1, DiscordLimits.EmbedsPerMessage);
        Assert.All(embeds, e => Assert.InRange(e.Fields!.Count, 1, DiscordLimits.EmbedFields));
        Assert.All(embeds.SelectMany(e => e.Fields!), f =>
        {
            Assert.InRange(f.Name.Length, 1, DiscordLimits.EmbedFieldNameChars);
            Assert.InRange(f.Value.Length, 1, DiscordLimits.EmbedFieldValueChars);
        });
        Assert.True(AnswerFormatter.CountedChars(embeds) <= DiscordLimits.EmbedTotalChars);
        Assert.Equal(40, embeds.Sum(e => e.Fields!.Count));
        Assert.Equal(AnswerFormatter.SourcesTitle, embeds[0].Title);
        Assert.Contains(embeds.SelectMany(e => e.Fields!), f => f.Value.EndsWith("…\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_MoreCitationsThanFit_DropsTheRestWithAMoreNote()
    {
        // Arrange
        var result = Result("ISIS-K claimed the attack. [1]", Citations(150, quoteLength: 800, titleLength: 200));

        // Act
        var embeds = AnswerFormatter.Format(result, "abc123")[^1].Embeds!;

        // Assert
        var shown = embeds.Sum(e => e.Fields!.Count);
        Assert.InRange(shown, 10, 149);
        Assert.True(AnswerFormatter.CountedChars(embeds) <= DiscordLimits.EmbedTotalChars);
        Assert.InRange(embeds.Count, 1, DiscordLimits.EmbedsPerMessage);
        Assert.EndsWith($"+{150 - shown} more sources", embeds[^1].Footer!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Answer_PutsEmbedAndButtonsOnTheLastMessageOnly()
    {
        // Arrange
        var answer = string.Join(' ', Enumerable.Repeat("ISIS-K claimed the attack on the Moscow concert hall. [1]", 60));
        var result = Result(answer, Citations(2, quoteLength: 100));

        // Act
        var messages = AnswerFormatter.Format(result, "0123456789abcdef0123456789abcdef");

        // Assert
        Assert.True(messages.Count > 1);
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Embeds));
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Components));
        var row = Assert.Single(messages[^1].Components!);
        Assert.Equal(ComponentTypes.ActionRow, row.Type);
        Assert.Collection(
            row.Components,
            b => Assert.Equal((ButtonStyles.Success, "Helpful", "fb:up:0123456789abcdef0123456789abcdef"), (b.Style, b.Label, b.CustomId)),
            b => Assert.Equal((ButtonStyles.Danger, "Not helpful", "fb:down:0123456789abcdef0123456789abcdef"), (b.Style, b.Label, b.CustomId)));
        Assert.All(row.Components, b => Assert.True(b.CustomId.Length <= DiscordLimits.CustomIdChars));
    }

    [Fact]
    public void Format_Refusal_HasButtonsButNoSourcesEmbed()
    {
        // Arrange
        var result = Result(AnswerTexts.Refusal, [], refused: true);

        // Act
        var message = Assert.Single(AnswerFormatter.Format(result, "abc"));

        // Assert
        Assert.Equal(AnswerTexts.Refusal, message.Content);
        Assert.Null(message.Embeds);
        Assert.Single(message.Components!);
    }

    [Fact]
    public void Format_QuoteWithMarkdownAndMentions_IsEscapedAndCannotPing()
    {
        // Arrange
        var citation = new Citation(1, "000_x", "The *title*", "Reuters", "March 25", "He said **nothing** to <@123> or @everyone_here about `code` and ~~it~~.", 0, 10, "c");
        var result = Result("He said nothing to <@123> or @everyone. [1]", [citation]);

        // Act
        var message = Assert.Single(AnswerFormatter.Format(result, "abc"));

        // Assert
        var field = Assert.Single(message.Embeds![0].Fields!);
        Assert.Equal("[1] The \\*title\\*", field.Name);
        Assert.Contains("\\*\\*nothing\\*\\*", field.Value, StringComparison.Ordinal);
        Assert.Contains("<\u200B@123>", field.Value, StringComparison.Ordinal);
        Assert.Contains("@\u200Beveryone", field.Value, StringComparison.Ordinal);
        Assert.Contains("\\`code\\`", field.Value, StringComparison.Ordinal);
        Assert.StartsWith("Reuters · March 25 · 000\\_x\n> \"", field.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("<@123>", message.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", message.Content, StringComparison.Ordinal);
        Assert.EndsWith("[1]", message.Content, StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(message, DiscordJson.Options);
        Assert.Contains("\"allowed_mentions\":{\"parse\":[],\"replied_user\":false}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Notes_FollowTheAnswerInItalics()
    {
        // Arrange
        var result = Result("Over 100 [1].", Citations(1, 50)) with { Notes = ["The sources disagree on this figure; each is given with its source."] };

        // Act
        var message = Assert.Single(AnswerFormatter.Format(result, "abc"));

        // Assert
        Assert.Equal("Over 100 [1].\n\n*The sources disagree on this figure; each is given with its source.*", message.Content);
        Assert.Equal("AskBot · offline extractive answers", message.Embeds![0].Footer!.Text);
    }

    private static AskResult Result(string answer, IReadOnlyList<Citation> citations, bool refused = false)
        => new("q", "q", answer, refused, "Extractive", [], citations, Array.Empty<RetrievedChunk>(), new AskTimings(0, 0, 0));

    private static List<Citation> Citations(int count, int quoteLength, int titleLength = 40)
        => Enumerable.Range(1, count)
            .Select(n => new Citation(
                n,
                $"00{n % 5}_doc",
                new string('T', titleLength),
                "Reuters Staff",
                "Mon, March 25, 2024",
                string.Concat(Enumerable.Repeat("quoted words ", (quoteLength / 13) + 1))[..quoteLength],
                0,
                quoteLength,
                "chunk"))
            .ToList();

    private static string Collapse(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
