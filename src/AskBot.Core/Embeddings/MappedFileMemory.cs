using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace AskBot.Core.Embeddings;

/// <summary>
/// A read-only range of a file mapped into memory. Pages are read from the file when first touched and belong to the
/// page cache, so a large block of vectors costs the process only the pages a search reads, and the kernel can drop
/// them again under memory pressure. The mapping is released when this object is collected: its owner, an index, has no
/// dispose of its own (a swapped-out index may still be finishing a question), so the owner keeps this object alive
/// (<see cref="GC.KeepAlive"/>) for as long as it uses a span of <see cref="Memory"/>.
/// </summary>
internal sealed unsafe class MappedFileMemory<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private int released;

    private MappedFileMemory(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        this.file = file;
        this.view = view;
        this.Memory = new Manager(pointer, length).Memory;
    }

    ~MappedFileMemory() => this.Release();

    /// <summary>The mapped items.</summary>
    public ReadOnlyMemory<T> Memory { get; }

    /// <summary>Maps <paramref name="count"/> items at byte <paramref name="offset"/> of the open file <paramref name="stream"/>.</summary>
    /// <exception cref="IOException">The file cannot be mapped.</exception>
    public static MappedFileMemory<T> Map(FileStream stream, long offset, int count)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = (long)count * sizeof(T);
        if (offset < 0 || count <= 0 || offset + bytes > stream.Length)
        {
            throw new InvalidDataException("The mapped range lies outside the file.");
        }

        // The stream's handle is mapped, not its path: the file cannot be swapped for another between the checksum and the map.
        var file = MemoryMappedFile.CreateFromFile(stream, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(offset, bytes, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            return new MappedFileMemory<T>(file, view, start + view.PointerOffset, count);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        this.Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref this.released, 1) != 0)
        {
            return;
        }

        try
        {
            this.view.SafeMemoryMappedViewHandle.ReleasePointer();
            this.view.Dispose();
            this.file.Dispose();
        }
        catch (ObjectDisposedException)
        {
            // On the finalizer thread the handles may have been finalized first; they then unmap on their own, and an
            // exception here would end the process.
        }
    }

    // Only a view of the pointer: the mapping's lifetime is the outer object's.
    private sealed class Manager(byte* pointer, int length) : MemoryManager<T>
    {
        public override Span<T> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + ((long)elementIndex * sizeof(T)));

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
