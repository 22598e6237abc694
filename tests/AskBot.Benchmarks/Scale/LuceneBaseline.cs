using System.Diagnostics;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace AskBot.Benchmarks.Scale;

/// <summary>
/// The peer: a Lucene.Net 4.8 index (EnglishAnalyzer, BM25Similarity) over the same chunk texts, on disk (MMapDirectory),
/// queried as a disjunction of the analyzed question terms (what QueryParser's default OR would build).
/// </summary>
internal sealed class LuceneBaseline : IDisposable
{
    private const string Field = "text";
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly EnglishAnalyzer analyzer = new(Version);
    private readonly FSDirectory directory;
    private DirectoryReader? reader;
    private IndexSearcher? searcher;

    public LuceneBaseline(string path)
    {
        this.directory = FSDirectory.Open(path);
    }

    /// <summary>Indexes the texts (document number = position) and commits; returns the elapsed time.</summary>
    public TimeSpan Build(IReadOnlyList<string> texts)
    {
        var started = Stopwatch.GetTimestamp();
        var config = new IndexWriterConfig(Version, this.analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(this.directory, config))
        {
            var field = new TextField(Field, string.Empty, Lucene.Net.Documents.Field.Store.NO);
            var document = new Document { field };
            foreach (var text in texts)
            {
                // One reused Document/Field, as Lucene's indexing guide recommends for bulk loads.
                field.SetStringValue(text);
                writer.AddDocument(document);
            }

            writer.Commit();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        this.reader = DirectoryReader.Open(this.directory);
        this.searcher = new IndexSearcher(this.reader) { Similarity = new BM25Similarity() };
        return elapsed;
    }

    /// <summary>Bytes of the index files.</summary>
    public long IndexBytes => this.directory.ListAll().Sum(this.directory.FileLength);

    /// <summary>Top-k document numbers for <paramref name="question"/>, analysis included.</summary>
    public int[] Search(string question, int topK)
    {
        var searcher = this.searcher ?? throw new InvalidOperationException("Build first.");
        var query = new BooleanQuery();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (var stream = this.analyzer.GetTokenStream(Field, question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var text = term.ToString();
                if (seen.Add(text))
                {
                    query.Add(new TermQuery(new Term(Field, text)), Occur.SHOULD);
                }
            }

            stream.End();
        }

        return searcher.Search(query, topK).ScoreDocs.Select(d => d.Doc).ToArray();
    }

    public void Dispose()
    {
        this.reader?.Dispose();
        this.directory.Dispose();
        this.analyzer.Dispose();
    }
}
