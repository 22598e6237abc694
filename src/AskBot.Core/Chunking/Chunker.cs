using AskBot.Core.Configuration;
using AskBot.Core.Corpus;

namespace AskBot.Core.Chunking;

/// <summary>
/// Cuts an article's kept blocks into retrievable chunks of consecutive sentences. A chunk never spans two articles, never
/// spans a dropped line (its text is one verbatim slice of the file), starts a new run at each heading so the heading leads
/// its section, and keeps captions and social posts in chunks of their own.
/// </summary>
internal sealed class Chunker
{
    private readonly SentenceSplitter sentenceSplitter;

    public Chunker(SentenceSplitter sentenceSplitter)
    {
        ArgumentNullException.ThrowIfNull(sentenceSplitter);
        this.sentenceSplitter = sentenceSplitter;
    }

    /// <summary>Chunks of <paramref name="article"/>, numbered <c>{DocId}#{Ordinal}.{n}</c> from 0 in file order.</summary>
    public IReadOnlyList<Chunk> CreateChunks(SourceDocument document, Article article, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChars, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.OverlapSentences);

        var chunks = new List<Chunk>();
        foreach (var segment in this.Segment(document.Text, article.Blocks))
        {
            this.Pack(document, article, segment, options, chunks);
        }

        return chunks;
    }

    private List<List<(TextSpan Sentence, BlockKind Kind)>> Segment(string text, IReadOnlyList<TextBlock> blocks)
    {
        var segments = new List<List<(TextSpan Sentence, BlockKind Kind)>>();
        List<(TextSpan Sentence, BlockKind Kind)>? current = null;
        TextBlock? previous = null;
        foreach (var block in blocks)
        {
            var startsNew = current is null
                || previous is null
                || block.Kind is BlockKind.Heading or BlockKind.Caption or BlockKind.SocialPost
                || previous.Kind is BlockKind.Caption or BlockKind.SocialPost
                || !IsWhitespace(text, previous.Span.End, block.Span.Start);
            if (startsNew)
            {
                current = [];
                segments.Add(current);
            }

            foreach (var sentence in this.sentenceSplitter.Split(text, block.Span))
            {
                current!.Add((sentence, block.Kind));
            }

            previous = block;
        }

        return segments;
    }

    private void Pack(
        SourceDocument document,
        Article article,
        List<(TextSpan Sentence, BlockKind Kind)> sentences,
        ChunkingOptions options,
        List<Chunk> chunks)
    {
        var first = 0;
        while (first < sentences.Count)
        {
            // Greedy: take sentences while the slice stays within MaxChars; a lone longer sentence is a chunk by itself.
            var end = first + 1;
            while (end < sentences.Count && sentences[end].Sentence.End - sentences[first].Sentence.Start <= options.MaxChars)
            {
                end++;
            }

            chunks.Add(this.CreateChunk(document, article, sentences, first, end, chunks.Count));
            if (end >= sentences.Count)
            {
                return;
            }

            // Repeat the trailing sentences for context, but always make progress and keep room for the next new sentence.
            var next = Math.Max(end - options.OverlapSentences, first + 1);
            while (next < end && sentences[end].Sentence.End - sentences[next].Sentence.Start > options.MaxChars)
            {
                next++;
            }

            first = next;
        }
    }

    private Chunk CreateChunk(
        SourceDocument document,
        Article article,
        List<(TextSpan Sentence, BlockKind Kind)> sentences,
        int first,
        int end,
        int number)
    {
        var start = sentences[first].Sentence.Start;
        var stop = sentences[end - 1].Sentence.End;
        var spans = new TextSpan[end - first];
        for (var i = first; i < end; i++)
        {
            spans[i - first] = sentences[i].Sentence;
        }

        return Chunk.Slice(
            $"{article.DocId}#{article.Ordinal}.{number}",
            document,
            article.Ordinal,
            article.Title,
            article.Byline,
            article.Date,
            start,
            stop,
            spans,
            sentences[first].Kind);
    }

    private static bool IsWhitespace(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
