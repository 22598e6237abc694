using System.Text;

namespace AskBot.Core.Tests.TestSupport;

/// <summary>A temporary corpus folder deleted on dispose.</summary>
public sealed class IngestionTempFolder : IDisposable
{
    public IngestionTempFolder()
    {
        this.Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "askbot-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(this.Path);
    }

    public string Path { get; }

    public string WriteText(string fileName, string text) => this.WriteBytes(fileName, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string fileName, byte[] bytes)
    {
        var path = System.IO.Path.Combine(this.Path, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(this.Path))
        {
            Directory.Delete(this.Path, recursive: true);
        }
    }
}
