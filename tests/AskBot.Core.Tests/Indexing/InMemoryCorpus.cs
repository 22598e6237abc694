using AskBot.Core.Chunking;
using AskBot.Core.Configuration;
using AskBot.Core.Corpus;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AskBot.Core.Tests.Indexing;

/// <summary>Builds small hand-made corpora and indexes for unit tests.</summary>
internal static class InMemoryCorpus
{
    /// <summary>One chunk per entry; entries of a document are joined by blank lines with exact offsets.</summary>
    public static IngestionResult Create(params (string DocId, int Article, string Text)[] entries)
    {
        var documents = new List<SourceDocument>();
        var chunks = new List<Chunk>();
        foreach (var doc in entries.GroupBy(e => e.DocId))
        {
            var text = string.Empty;
            var n = 0;
            foreach (var entry in doc)
            {
                if (text.Length > 0)
                {
                    text += "\n\n";
                }

                var start = text.Length;
                text += entry.Text;
                chunks.Add(new Chunk(
                    $"{doc.Key}#{entry.Article}.{n++}", doc.Key, entry.Article, null, null, null, entry.Text, start, text.Length,
                    [new TextSpan(start, text.Length)], BlockKind.Body));
            }

            documents.Add(new SourceDocument(doc.Key, doc.Key + ".txt", text));
        }

        var articles = chunks.Select(c => (c.DocId, c.ArticleOrdinal)).Distinct().Count();
        return new IngestionResult(documents, [], chunks, new IngestionStatistics(documents.Count, 0, articles, chunks.Count, 0, 0), []);
    }

    public static Task<CorpusIndex> BuildAsync(IngestionResult ingestion)
    {
        var analyzer = new TermAnalyzer();
        var factory = new EmbeddingGeneratorFactory(Options.Create(new EmbeddingsOptions { Provider = EmbeddingProviders.MlNet }), analyzer);
        return new CorpusIndexBuilder(analyzer, factory).BuildAsync(ingestion, "test", factory.Fingerprint);
    }

    public static HybridRetriever Retriever(CorpusIndex index, RetrievalOptions? options = null)
        => new(new FixedIndexSource(index), Options.Create(options ?? new RetrievalOptions()), new TermAnalyzer(), new QueryEmbedder(new EmbeddingGeneratorFactory(Options.Create(new EmbeddingsOptions { Provider = EmbeddingProviders.MlNet }), new TermAnalyzer())), NullLogger<HybridRetriever>.Instance);

    private sealed class FixedIndexSource(CorpusIndex index) : ICorpusIndexSource
    {
        public Task<CorpusIndex> GetIndexAsync(CancellationToken cancellationToken = default) => Task.FromResult(index);
    }
}
