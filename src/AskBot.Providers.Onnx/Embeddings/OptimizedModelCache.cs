using System.Runtime.InteropServices;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// The graph-optimised copy of the model that ONNX Runtime writes on the first load, kept in the user's cache folder
/// (<c>$XDG_CACHE_HOME/askbot/onnx</c> or <c>~/.cache/askbot/onnx</c>; <c>%LOCALAPPDATA%\askbot\onnx</c> on Windows). Its
/// weights sit in a separate file that ONNX Runtime maps into memory instead of copying, which takes a session from
/// about 1.2 s (parse the 90 MB resource, copy every weight) to about 0.05 s.
/// </summary>
/// <remarks>
/// One folder per model, package version, ONNX Runtime version and architecture. A new copy is written to a temporary
/// sibling folder and renamed into place, so a reader sees a whole copy or none; racing writers keep the first rename.
/// </remarks>
internal sealed class OptimizedModelCache
{
    /// <summary>The graph, without its weights.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The weights the graph refers to, by this name relative to it.</summary>
    public const string WeightsFileName = "model.data";

    private const string TemporaryPrefix = ".tmp-";

    // Layout of what is written here; a change makes every process write a new copy.
    private const int LayoutVersion = 1;

    /// <summary>A cache for this model under <paramref name="root"/>.</summary>
    /// <param name="root">The cache folder (created when first written).</param>
    /// <param name="onnxRuntimeVersion">The ONNX Runtime version that writes and reads the copy.</param>
    public OptimizedModelCache(string root, string onnxRuntimeVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxRuntimeVersion);
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        this.Root = root;
        this.Directory = Path.Combine(
            root,
            $"{ArcticXsModel.ModelId}-{ArcticXsModel.PackageVersion}-ort{onnxRuntimeVersion}-{arch}-v{LayoutVersion}");
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>The folder of this model's copy.</summary>
    public string Directory { get; }

    /// <summary>The default cache folder, or null when the environment names none (no I/O).</summary>
    public static string? DefaultRoot()
    {
        string? baseFolder;
        if (OperatingSystem.IsWindows())
        {
            baseFolder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        }
        else
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
            baseFolder = !string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg) ? xdg
                : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
        }

        return string.IsNullOrEmpty(baseFolder) ? null : Path.Combine(baseFolder, "askbot", "onnx");
    }

    /// <summary>The cached graph's path when a whole copy is present.</summary>
    public string? TryGetModelPath()
    {
        var model = Path.Combine(this.Directory, ModelFileName);
        return File.Exists(model) && File.Exists(Path.Combine(this.Directory, WeightsFileName)) ? model : null;
    }

    /// <summary>Removes this model's copy (after it failed to load); failures to delete are ignored.</summary>
    public void Discard() => TryDelete(this.Directory);

    /// <summary>A temporary folder to write a new copy into, or null when the cache folder cannot be created.</summary>
    public PendingCopy? BeginWrite()
    {
        try
        {
            var parent = Path.GetDirectoryName(this.Directory)!;
            System.IO.Directory.CreateDirectory(parent);
            RemoveAbandonedCopies(parent);
            var temporary = Path.Combine(parent, TemporaryPrefix + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(temporary);
            return new PendingCopy(temporary, this.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void RemoveAbandonedCopies(string parent)
    {
        // Left by a process that died while writing; an hour is far longer than any write takes.
        foreach (var folder in System.IO.Directory.EnumerateDirectories(parent, TemporaryPrefix + "*"))
        {
            if (System.IO.Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process may hold or have removed it; the next load tries again.
        }
    }

    /// <summary>A copy being written into a temporary folder.</summary>
    internal sealed class PendingCopy
    {
        private readonly string destination;

        public PendingCopy(string folder, string destination)
        {
            this.Folder = folder;
            this.destination = destination;
        }

        /// <summary>The temporary folder.</summary>
        public string Folder { get; }

        /// <summary>Where ONNX Runtime writes the graph (its weights go next to it, as <see cref="WeightsFileName"/>).</summary>
        public string ModelPath => Path.Combine(this.Folder, ModelFileName);

        /// <summary>
        /// Moves the written copy into place. True when a whole copy is in place afterwards (this one, or a concurrent
        /// writer's); false when I/O failed.
        /// </summary>
        public bool Commit()
        {
            try
            {
                if (File.Exists(this.ModelPath) && File.Exists(Path.Combine(this.Folder, WeightsFileName)))
                {
                    System.IO.Directory.Move(this.Folder, this.destination);
                    return true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The destination exists (a concurrent writer won) or the folder cannot be renamed.
            }

            this.Abandon();
            return File.Exists(Path.Combine(this.destination, ModelFileName)) && File.Exists(Path.Combine(this.destination, WeightsFileName));
        }

        /// <summary>Deletes the temporary folder.</summary>
        public void Abandon() => TryDelete(this.Folder);
    }
}
