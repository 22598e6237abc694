using AskBot.Core.Answering.Prompting;

namespace AskBot.Core.Tests.Answering;

public sealed class SourceFormatTests
{
    [Fact]
    public void Render_Sources_ALanguageModelCanReadBackNumbersMetadataAndText()
    {
        PromptSource[] sources =
        [
            new(1, "IS-K: Who are they?", "Frank Gardner - BBC", "Mon, March 25, 2024", "First passage.\n\nSecond paragraph."),
            new(2, string.Empty, string.Empty, string.Empty, "Another passage [with brackets]."),
        ];
        var message = $"{SourceFormat.SourcesMarker}\n{SourceFormat.Render(sources)}\n\n{SourceFormat.QuestionMarker}Who leads it?";

        var parsed = PromptSources.Parse(message);

        Assert.Equal(sources, parsed);
    }
}
