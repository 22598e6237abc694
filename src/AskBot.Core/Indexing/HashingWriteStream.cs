using System.Security.Cryptography;

namespace AskBot.Core.Indexing;

/// <summary>
/// Write-only stream that buffers what it is given, hashes it with SHA-256 and passes it on to the inner stream in
/// large blocks. The cache payload is written through it, so the file is written and hashed in one pass without ever
/// holding the payload in memory (the payload outgrows a <c>byte[]</c> at a few hundred thousand chunks).
/// </summary>
internal sealed class HashingWriteStream : Stream
{
    // BinaryWriter hands over primitives a few bytes at a time; hashing and writing them one by one would cost a
    // native call each, so they are collected into blocks first.
    private const int BlockSize = 1 << 20;

    private readonly Stream inner;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] buffer = new byte[BlockSize];
    private int buffered;
    private long written;

    public HashingWriteStream(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Passes on what is buffered and returns the byte count and SHA-256 of everything written.</summary>
    public (long Length, byte[] Sha256) Complete()
    {
        this.Flush();
        return (this.written, this.hash.GetHashAndReset());
    }

    public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (this.buffered == 0 && buffer.Length >= BlockSize)
            {
                // Large blocks (the vector arrays) skip the copy.
                this.Pass(buffer);
                return;
            }

            var take = Math.Min(buffer.Length, BlockSize - this.buffered);
            buffer[..take].CopyTo(this.buffer.AsSpan(this.buffered));
            this.buffered += take;
            buffer = buffer[take..];
            if (this.buffered == BlockSize)
            {
                this.Flush();
            }
        }
    }

    public override void WriteByte(byte value) => this.Write([value]);

    public override void Flush()
    {
        if (this.buffered > 0)
        {
            var pending = this.buffered;
            this.buffered = 0;
            this.Pass(this.buffer.AsSpan(0, pending));
        }

        this.inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The inner stream belongs to the caller, which still has to patch the header.
            this.hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Pass(ReadOnlySpan<byte> block)
    {
        this.hash.AppendData(block);
        this.inner.Write(block);
        this.written += block.Length;
    }
}
