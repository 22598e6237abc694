using System.Security.Cryptography;
using AskBot.Core.Indexing;

namespace AskBot.Core.Tests.Indexing;

public sealed class HashingWriteStreamTests
{
    [Fact]
    public void Passes_on_every_byte_in_order_and_hashes_them()
    {
        // Small writes (buffered), one larger than the block (passed straight on) and one straddling a block boundary.
        var random = new Random(7);
        var parts = new[] { 3, 1, 4, 1 << 20, 5, (1 << 20) + 17, 9, 700_000, 700_000 }
            .Select(n =>
            {
                var part = new byte[n];
                random.NextBytes(part);
                return part;
            })
            .ToList();
        using var target = new MemoryStream();
        long length;
        byte[] checksum;
        using (var stream = new HashingWriteStream(target))
        {
            foreach (var part in parts)
            {
                stream.Write(part);
            }

            stream.WriteByte(42);
            (length, checksum) = stream.Complete();
        }

        byte[] expected = [.. parts.SelectMany(p => p), 42];
        Assert.Equal(expected.Length, length);
        Assert.Equal(expected, target.ToArray());
        Assert.Equal(SHA256.HashData(expected), checksum);
    }
}
