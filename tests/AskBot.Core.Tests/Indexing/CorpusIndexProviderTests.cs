using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Tests.TestSupport;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace AskBot.Core.Tests.Indexing;

public sealed class CorpusIndexProviderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "askbot-cache-test-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper output;

    public CorpusIndexProviderTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(this.CorpusPath);
        foreach (var file in SeedCorpus.Files())
        {
            File.Copy(file, Path.Combine(this.CorpusPath, Path.GetFileName(file)));
        }
    }

    private string CorpusPath => Path.Combine(this.root, "corpus");

    private string CachePath => Path.Combine(this.root, "cache");

    public void Dispose()
    {
        Directory.Delete(this.root, recursive: true);
    }

    [Fact]
    public async Task Second_provider_loads_from_cache_with_the_same_chunks_and_results()
    {
        using var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        var built = await first.EnsureLoadedAsync();
        using var second = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        var progress = new List<IndexProgress>();
        var loaded = await second.EnsureLoadedAsync(new SyncProgress(progress));
        this.output.WriteLine($"build {built.Elapsed.TotalMilliseconds:F0} ms, cache load {loaded.Elapsed.TotalMilliseconds:F0} ms");

        Assert.False(built.LoadedFromCache);
        Assert.True(loaded.LoadedFromCache);
        Assert.Equal(built.ContentHash, loaded.ContentHash);
        Assert.Equal(built.Statistics, loaded.Statistics);
        Assert.DoesNotContain(progress, p => p.Stage == "embedding");
        var a = await first.GetIndexAsync();
        var b = await second.GetIndexAsync();
        Assert.Equal(a.Chunks.Count, b.Chunks.Count);
        for (var i = 0; i < a.Chunks.Count; i++)
        {
            Assert.Equal(a.Chunks[i].ChunkId, b.Chunks[i].ChunkId);
            Assert.Equal(a.Chunks[i].Text, b.Chunks[i].Text);
            Assert.Equal(a.Chunks[i].Title, b.Chunks[i].Title);
            Assert.Equal(a.Chunks[i].Sentences, b.Chunks[i].Sentences);
        }

        foreach (var question in new[] { "Who leads ISIS-K?", "How many people died in the Crocus City Hall attack?", "Why does ISIS-K target Russia?" })
        {
            var ra = await Retriever(first).RetrieveAsync(question);
            var rb = await Retriever(second).RetrieveAsync(question);
            Assert.Equal(ra.Select(r => (r.Chunk.ChunkId, Math.Round(r.Score, 9))), rb.Select(r => (r.Chunk.ChunkId, Math.Round(r.Score, 9))));
        }

        var doc = second.GetDocument(b.Chunks[0].DocId);
        Assert.Equal(b.Chunks[0].Text, doc.Text[b.Chunks[0].Start..b.Chunks[0].End]);
    }

    [Fact]
    public async Task A_loaded_cache_maps_its_vectors_and_still_searches_after_the_file_is_deleted()
    {
        var embeddings = new CountingEmbeddingGeneratorFactory();
        using var first = this.CreateDenseProvider(embeddings);
        await first.EnsureLoadedAsync();
        using var second = this.CreateDenseProvider(embeddings);
        Assert.True((await second.EnsureLoadedAsync()).LoadedFromCache);
        var built = await first.GetIndexAsync();
        var loaded = await second.GetIndexAsync();

        Assert.False(built.Embeddings.IsMapped);
        Assert.True(loaded.Embeddings.IsMapped);
        Assert.Equal(built.Embeddings.Rows, loaded.Embeddings.Rows);

        // A rebuild by another process replaces the file by rename; the mapped pages stay those of the file that was read.
        File.Delete(Path.Combine(this.CachePath, CorpusIndexProvider.CacheFileName));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var query = new float[built.Embeddings.Dimensions];
        var expected = new float[query.Length];
        var actual = new float[query.Length];
        for (var row = 0; row < built.Embeddings.Rows; row += 7)
        {
            built.Embeddings.CopyRow(row, expected);
            loaded.Embeddings.CopyRow(row, actual);
            Assert.Equal(expected, actual);
        }

        built.Embeddings.CopyRow(built.Embeddings.ChunkRows + 3, query);
        Assert.Equal(built.Embeddings.SearchChunks(query, 10), loaded.Embeddings.SearchChunks(query, 10));
        Assert.Equal(built.SentenceCentroid.ToArray(), loaded.SentenceCentroid.ToArray());
    }

    [Fact]
    public async Task Changing_a_chunking_option_rebuilds()
    {
        using (var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath))
        {
            await first.EnsureLoadedAsync();
        }

        using var second = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath, new ChunkingOptions { MaxChars = 500 });
        var info = await second.EnsureLoadedAsync();

        Assert.False(info.LoadedFromCache);
    }

    [Fact]
    public async Task Changing_a_corpus_file_rebuilds()
    {
        string firstHash;
        using (var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath))
        {
            firstHash = (await first.EnsureLoadedAsync()).ContentHash;
        }

        var file = Directory.GetFiles(this.CorpusPath, "*.txt")[0];
        await File.AppendAllTextAsync(file, "\nA new closing paragraph about the investigation.\n");
        using var second = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        var info = await second.EnsureLoadedAsync();

        Assert.False(info.LoadedFromCache);
        Assert.NotEqual(firstHash, info.ContentHash);
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("truncate-last-byte")]
    [InlineData("truncate-header")]
    [InlineData("trailing-byte")]
    [InlineData("flip")]
    [InlineData("flip-last-byte")]
    [InlineData("flip-length")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public async Task A_corrupt_cache_is_rebuilt_with_a_warning(string damage)
    {
        using (var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath))
        {
            await first.EnsureLoadedAsync();
        }

        var cacheFile = Path.Combine(this.CachePath, CorpusIndexProvider.CacheFileName);
        var bytes = await File.ReadAllBytesAsync(cacheFile);
        var payloadStart = PayloadStart(bytes);
        bytes = damage switch
        {
            "truncate" => bytes[..(bytes.Length / 2)],
            "truncate-last-byte" => bytes[..^1],
            "truncate-header" => bytes[..(payloadStart - 4)],
            "trailing-byte" => [.. bytes, 0],
            "flip" => FlipByte(bytes, bytes.Length / 2),
            "flip-last-byte" => FlipByte(bytes, bytes.Length - 1),
            "flip-length" => FlipByte(bytes, payloadStart - 1),
            "empty" => [],
            _ => "not an index"u8.ToArray(),
        };
        await File.WriteAllBytesAsync(cacheFile, bytes);

        var logger = new IngestionTestLogger<CorpusIndexProvider>();
        using var second = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath, logger: logger);
        var info = await second.EnsureLoadedAsync();
        using var third = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        var reloaded = await third.EnsureLoadedAsync();

        Assert.False(info.LoadedFromCache);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("rebuilding", StringComparison.Ordinal));
        Assert.True(reloaded.LoadedFromCache);
        Assert.Equal(info.Statistics, reloaded.Statistics);
    }

    [Fact]
    public async Task A_cache_of_an_older_format_is_rebuilt_once()
    {
        using (var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath))
        {
            await first.EnsureLoadedAsync();
        }

        // Same header as a format 2 cache: magic, then the version.
        var cacheFile = Path.Combine(this.CachePath, CorpusIndexProvider.CacheFileName);
        var bytes = await File.ReadAllBytesAsync(cacheFile);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), CorpusIndexProvider.FormatVersion - 1);
        await File.WriteAllBytesAsync(cacheFile, bytes);

        var logger = new IngestionTestLogger<CorpusIndexProvider>();
        using var second = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath, logger: logger);
        var info = await second.EnsureLoadedAsync();
        using var third = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        var reloaded = await third.EnsureLoadedAsync();

        Assert.False(info.LoadedFromCache);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("out of date", StringComparison.Ordinal));
        Assert.True(reloaded.LoadedFromCache);
    }

    [Fact]
    public async Task The_cache_header_records_the_payload_length_and_checksum()
    {
        using (var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath))
        {
            await first.EnsureLoadedAsync();
        }

        var bytes = await File.ReadAllBytesAsync(Path.Combine(this.CachePath, CorpusIndexProvider.CacheFileName));
        var payloadStart = PayloadStart(bytes);
        var checksum = bytes.AsSpan(payloadStart - 40, 32);
        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(payloadStart - 8));

        Assert.Equal(bytes.Length - payloadStart, length);
        Assert.Equal(SHA256.HashData(bytes.AsSpan(payloadStart)), checksum.ToArray());
    }

    [Fact]
    public async Task Builds_leave_no_temp_files_behind()
    {
        using var provider = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        await provider.EnsureLoadedAsync();
        await provider.RebuildAsync();

        Assert.Equal([CorpusIndexProvider.CacheFileName], Directory.GetFiles(this.CachePath).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Rebuild_ignores_a_valid_cache_and_reports_progress_stages()
    {
        using var provider = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        await provider.EnsureLoadedAsync();
        var progress = new List<IndexProgress>();

        var info = await provider.RebuildAsync(new SyncProgress(progress));

        Assert.False(info.LoadedFromCache);
        Assert.Equal(["reading", "chunking", "indexing", "embedding", "saving"], progress.Select(p => p.Stage).Distinct());
    }

    [Fact]
    public async Task Concurrent_callers_share_one_load()
    {
        using var provider = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);

        var infos = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => provider.EnsureLoadedAsync())));
        var indexes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetIndexAsync()));

        Assert.All(infos, i => Assert.Same(infos[0], i));
        Assert.All(indexes, i => Assert.Same(indexes[0], i));
    }

    [Fact]
    public async Task Missing_corpus_folder_throws_CorpusNotFoundException()
    {
        using var provider = SeedIndexFixture.CreateProvider(Path.Combine(this.root, "nope"), this.CachePath);

        await Assert.ThrowsAsync<CorpusNotFoundException>(() => provider.EnsureLoadedAsync());
    }

    [Fact]
    public void GetDocument_before_loading_throws()
    {
        using var provider = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);

        Assert.Throws<InvalidOperationException>(() => provider.GetDocument("000"));
    }

    [Fact]
    public async Task Cached_queries_are_fast()
    {
        using (var first = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath))
        {
            await first.EnsureLoadedAsync();
        }

        using var provider = SeedIndexFixture.CreateProvider(this.CorpusPath, this.CachePath);
        var info = await provider.EnsureLoadedAsync();
        var retriever = Retriever(provider);
        await retriever.RetrieveAsync("warm up");
        var started = Stopwatch.GetTimestamp();
        const int Queries = 20;
        for (var i = 0; i < Queries; i++)
        {
            await retriever.RetrieveAsync("Who claimed responsibility for the attack on Crocus City Hall?");
        }

        var perQuery = Stopwatch.GetElapsedTime(started).TotalMilliseconds / Queries;
        this.output.WriteLine($"cache load {info.Elapsed.TotalMilliseconds:F0} ms, {perQuery:F1} ms per query");
        Assert.True(info.LoadedFromCache);
        Assert.True(perQuery < 500, $"{perQuery} ms per query");
    }

    // Magic (8), version (4), content hash (length-prefixed string), checksum (32), payload length (8).
    private static int PayloadStart(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        reader.ReadBytes(12);
        reader.ReadString();
        return (int)reader.BaseStream.Position + 40;
    }

    private static byte[] FlipByte(byte[] bytes, int index)
    {
        bytes[index] ^= 0xFF;
        return bytes;
    }

    private static HybridRetriever Retriever(CorpusIndexProvider provider)
        => new(provider, Options.Create(new RetrievalOptions()), new TermAnalyzer(), new QueryEmbedder(new EmbeddingGeneratorFactory(Options.Create(new EmbeddingsOptions { Provider = EmbeddingProviders.MlNet }), new TermAnalyzer())), NullLogger<HybridRetriever>.Instance);

    private sealed class SyncProgress(List<IndexProgress> sink) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }

    private CorpusIndexProvider CreateDenseProvider(CountingEmbeddingGeneratorFactory embeddings) =>
        SeedIndexFixture.CreateDenseProvider(this.CorpusPath, this.CachePath, embeddings);
}
