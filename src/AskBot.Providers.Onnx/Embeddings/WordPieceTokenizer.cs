using System.Text;

namespace AskBot.Providers.Onnx.Embeddings;

/// <summary>
/// BERT uncased tokenization over the package's vocab.txt: <see cref="BertPreTokenizer"/> for the words, then WordPiece
/// (greedy longest match first, "##" on continuations, [UNK] for a word longer than <see cref="MaxWordLength"/> code
/// points or with a part no piece matches), framed by [CLS] … [SEP]. Immutable once loaded, so thread-safe.
/// </summary>
/// <remarks>
/// FastBertTokenizer 1.2.6 was the first choice. Against BERT it splits words at control characters such as U+000B and
/// U+0085 (BERT removes them), cuts words of over 100 characters into pieces (BERT gives [UNK]) and turns "[SEP]",
/// "[CLS]" and the like inside text into one [UNK] (BERT reads "[", "sep", "]"); and loading its vocabulary took
/// 70–85 ms of JIT and frozen-dictionary building on a query's critical path, against ~30 ms here.
/// </remarks>
internal sealed class WordPieceTokenizer
{
    /// <summary>Longest word, in code points, that WordPiece splits; longer ones become [UNK].</summary>
    public const int MaxWordLength = 100;

    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> starts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> continuations;
    private readonly int longestStart;
    private readonly int longestContinuation;

    private WordPieceTokenizer(Dictionary<string, int> starts, Dictionary<string, int> continuations)
    {
        this.starts = starts.GetAlternateLookup<ReadOnlySpan<char>>();
        this.continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        this.longestStart = starts.Keys.Max(k => k.Length);
        this.longestContinuation = continuations.Keys.Max(k => k.Length);
        this.ClsId = SpecialToken(starts, "[CLS]");
        this.SepId = SpecialToken(starts, "[SEP]");
        this.UnknownId = SpecialToken(starts, "[UNK]");
    }

    /// <summary>The id of [CLS], the first token of every input.</summary>
    public int ClsId { get; }

    /// <summary>The id of [SEP], the last token of every input.</summary>
    public int SepId { get; }

    /// <summary>The id of [UNK].</summary>
    public int UnknownId { get; }

    /// <summary>Loads the vocabulary from the package's resource.</summary>
    /// <exception cref="InvalidOperationException">The vocabulary lacks [CLS], [SEP] or [UNK].</exception>
    public static WordPieceTokenizer Load()
    {
        using var reader = new StreamReader(ArcticXsModel.OpenResource(ArcticXsModel.VocabularyResource), Encoding.UTF8);
        return Load(reader);
    }

    /// <summary>Reads a vocab.txt: one token per line, its id the line number (a repeated token keeps its last id, as in BERT).</summary>
    /// <exception cref="InvalidOperationException">The vocabulary lacks [CLS], [SEP] or [UNK].</exception>
    public static WordPieceTokenizer Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);

        // Pieces that start a word and ("##" + piece) pieces that continue one. Words never contain '#' (punctuation),
        // so a "##" entry can only ever match as a continuation.
        var starts = new Dictionary<string, int>(32_768, StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(8_192, StringComparer.Ordinal);
        var id = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > ContinuationPrefix.Length && line.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                continuations[line[ContinuationPrefix.Length..]] = id;
            }
            else
            {
                starts[line] = id;
            }

            id++;
        }

        return new WordPieceTokenizer(starts, continuations);
    }

    /// <summary>
    /// The token ids of <paramref name="text"/>: [CLS], its word pieces and [SEP], at most <paramref name="maxTokens"/> of
    /// them. A longer input keeps its first <paramref name="maxTokens"/> − 2 pieces and still ends with [SEP].
    /// </summary>
    /// <param name="text">Any text; null, empty or whitespace gives [CLS] [SEP].</param>
    /// <param name="maxTokens">Longest result, at least 2.</param>
    /// <param name="truncated">Whether pieces were cut off.</param>
    public long[] Encode(string? text, int maxTokens, out bool truncated)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = new List<long>(Math.Min(maxTokens, 128)) { this.ClsId };
        var sepAt = maxTokens - 1;
        truncated = false;
        foreach (var word in BertPreTokenizer.Words(text))
        {
            this.AppendPieces(word, ids);
            if (ids.Count > sepAt)
            {
                // One piece too many is enough to know; the rest of a long text is never tokenized.
                truncated = true;
                ids.RemoveRange(sepAt, ids.Count - sepAt);
                break;
            }
        }

        ids.Add(this.SepId);
        return [.. ids];
    }

    private static int SpecialToken(Dictionary<string, int> starts, string token)
        => starts.TryGetValue(token, out var id) ? id : throw new InvalidOperationException($"The vocabulary of {ArcticXsModel.PackageName} has no {token} token.");

    private static int CodePoints(ReadOnlySpan<char> word)
    {
        var count = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    // WordPiece of one word: its pieces, or the single [UNK] when it is too long or some part matches no piece.
    private void AppendPieces(string word, List<long> ids)
    {
        if (word.Length > MaxWordLength && CodePoints(word) > MaxWordLength)
        {
            ids.Add(this.UnknownId);
            return;
        }

        var first = ids.Count;
        var start = 0;
        while (start < word.Length)
        {
            var lookup = start == 0 ? this.starts : this.continuations;
            var end = Math.Min(word.Length, start + (start == 0 ? this.longestStart : this.longestContinuation));
            var id = -1;
            for (; end > start; end--)
            {
                // Pieces end on code-point boundaries, never between the halves of a surrogate pair.
                if (end < word.Length && char.IsLowSurrogate(word[end]) && char.IsHighSurrogate(word[end - 1]))
                {
                    continue;
                }

                if (lookup.TryGetValue(word.AsSpan(start, end - start), out id))
                {
                    break;
                }
            }

            if (end == start)
            {
                ids.RemoveRange(first, ids.Count - first);
                ids.Add(this.UnknownId);
                return;
            }

            ids.Add(id);
            start = end;
        }
    }
}
