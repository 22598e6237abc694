using System.Text;
using AskBot.Core.Corpus;
using AskBot.Core.Tests.TestSupport;

namespace AskBot.Core.Tests.Corpus;

public sealed class CorpusReaderTests
{
    private readonly CorpusReader reader = new();

    [Fact]
    public async Task ReadAsync_Seeds_LoadsAllFilesSortedWithTextIdenticalToReadAllText()
    {
        var result = await this.reader.ReadAsync(IngestionSeeds.SeedsPath);

        Assert.Empty(result.Warnings);
        Assert.Equal(IngestionSeeds.AllIds, result.Documents.Select(d => d.DocId));
        foreach (var document in result.Documents)
        {
            Assert.Equal(File.ReadAllText(document.FilePath, Encoding.UTF8), document.Text);
            Assert.True(Path.IsPathFullyQualified(document.FilePath));
        }
    }

    [Fact]
    public async Task ReadAsync_MissingFolder_ThrowsCorpusNotFoundNamingFullPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "askbot-missing-" + Guid.NewGuid().ToString("N"));

        var ex = await Assert.ThrowsAsync<CorpusNotFoundException>(() => this.reader.ReadAsync(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("AskBot:Corpus:Path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_BadFiles_AreSkippedWithOneWarningEachWhileGoodFilesLoad()
    {
        using var folder = new IngestionTempFolder();
        folder.WriteText("a_good.txt", "Good text.\nSecond line.");
        folder.WriteBytes("b_empty.txt", []);
        folder.WriteText("c_blank.txt", "  \n\t\n");
        folder.WriteBytes("d_binary.txt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]);
        folder.WriteBytes("e_latin1.txt", Encoding.Latin1.GetBytes("Caf\u00e9 au lait, na\u00efve."));
        folder.WriteBytes("f_controls.txt", [0x01, 0x02, 0x03, 0x04, 0x05, 0x41, 0x06, 0x07, 0x08, 0x0E]);
        folder.WriteText("g_good.txt", "Another good file.");
        folder.WriteText("notes.md", "not part of the corpus");

        var result = await this.reader.ReadAsync(folder.Path);

        Assert.Equal(["a_good", "g_good"], result.Documents.Select(d => d.DocId));
        Assert.Equal(["b_empty.txt", "c_blank.txt", "d_binary.txt", "e_latin1.txt", "f_controls.txt"], result.Warnings.Select(w => w.FileName));
        Assert.Contains("empty", result.Warnings[0].Reason, StringComparison.Ordinal);
        Assert.Contains("whitespace", result.Warnings[1].Reason, StringComparison.Ordinal);
        Assert.Contains("binary", result.Warnings[2].Reason, StringComparison.Ordinal);
        Assert.Contains("UTF-8", result.Warnings[3].Reason, StringComparison.Ordinal);
        Assert.Contains("binary", result.Warnings[4].Reason, StringComparison.Ordinal);
        Assert.All(result.Warnings, w =>
        {
            Assert.Contains(w.FileName, w.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', w.Message);
        });
    }

    [Fact]
    public async Task ReadAsync_Utf8Bom_IsStrippedSoOffsetsMatchReadAllText()
    {
        using var folder = new IngestionTempFolder();
        var path = folder.WriteBytes("bom.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Héllo world.\nLine two.")]);

        var result = await this.reader.ReadAsync(folder.Path);

        var document = Assert.Single(result.Documents);
        Assert.Equal(File.ReadAllText(path, Encoding.UTF8), document.Text);
        Assert.StartsWith("Héllo", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FilesAreOrdinalSortedByName()
    {
        using var folder = new IngestionTempFolder();
        folder.WriteText("b.txt", "B.");
        folder.WriteText("C.txt", "C.");
        folder.WriteText("a.txt", "A.");

        var result = await this.reader.ReadAsync(folder.Path);

        Assert.Equal(["C", "a", "b"], result.Documents.Select(d => d.DocId));
    }
}
