using System.Numerics.Tensors;
using AskBot.Core.Embeddings;
using AskBot.Core.Indexing;
using AskBot.Core.Retrieval;
using AskBot.Core.Text;

namespace AskBot.Core.Answering.Reading;

/// <summary>
/// Weighs every sentence of the retrieved passages as the answer to a question: by meaning (the embedding model's cosine,
/// alone and with the sentence's neighbours), by the question's terms and its specific names, numbers and years, and by
/// whether the sentence states the kind of thing asked. A fitted ranker (<see cref="ReaderModel"/>) turns that evidence
/// into a probability per sentence, and a fitted confidence model decides whether the best one is worth answering with.
/// </summary>
internal sealed partial class SentenceReader
{
    private const int MinWords = 4;

    private readonly ICorpusIndexSource indexSource;
    private readonly QueryEmbedder queryEmbedder;
    private readonly TermAnalyzer analyzer;
    private readonly ReaderModel model;

    public SentenceReader(ICorpusIndexSource indexSource, QueryEmbedder queryEmbedder, TermAnalyzer analyzer, ReaderModel model)
    {
        ArgumentNullException.ThrowIfNull(indexSource);
        ArgumentNullException.ThrowIfNull(queryEmbedder);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(model);
        this.indexSource = indexSource;
        this.queryEmbedder = queryEmbedder;
        this.analyzer = analyzer;
        this.model = model;
    }

    /// <summary>The model the reader decides with.</summary>
    public ReaderModel Model => this.model;

    /// <summary>Reads <paramref name="passages"/> (retrieval order) for <paramref name="question"/> and decides with the shipped model.</summary>
    public Task<ReaderResult> ReadAsync(string question, IReadOnlyList<RetrievedChunk> passages, CancellationToken cancellationToken = default)
        => this.ReadAsync(question, passages, null, cancellationToken);

    /// <summary>Reads <paramref name="passages"/> against <paramref name="index"/> (the index serving now when null).</summary>
    public async Task<ReaderResult> ReadAsync(string question, IReadOnlyList<RetrievedChunk> passages, CorpusIndex? index, CancellationToken cancellationToken = default)
        => Decide(await this.GatherAsync(question, passages, index, cancellationToken).ConfigureAwait(false), this.model);

    /// <summary>
    /// The evidence for every candidate sentence of <paramref name="passages"/>, before any model weighs it (fitting
    /// gathers it once per question and weighs it with each fold's model).
    /// </summary>
    public Task<ReaderEvidence> GatherAsync(string question, IReadOnlyList<RetrievedChunk> passages, CancellationToken cancellationToken = default)
        => this.GatherAsync(question, passages, null, cancellationToken);

    /// <summary>The evidence of <paramref name="passages"/> read against <paramref name="index"/> (the index serving now when null).</summary>
    public async Task<ReaderEvidence> GatherAsync(string question, IReadOnlyList<RetrievedChunk> passages, CorpusIndex? index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passages);
        index ??= await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        var profile = QuestionProfile.Create(question, this.analyzer);
        var query = await this.queryEmbedder.EmbedAsync(index, question, cancellationToken).ConfigureAwait(false);
        var evidence = new QuestionEvidence(profile, index, this.analyzer);

        var candidates = new List<SentenceCandidate>();
        var seen = new HashSet<int>();
        var specificAnywhere = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < passages.Count; p++)
        {
            var passage = passages[p];
            var passageTerms = evidence.TermSet(passage.Chunk.Title + "\n" + passage.Chunk.Text);
            var passageSpecific = evidence.SpecificShare(passageTerms);
            specificAnywhere.UnionWith(evidence.SpecificFound(passageTerms));
            if (!index.TryGetChunkOrdinal(passage.Chunk.ChunkId, out var chunk))
            {
                continue;
            }

            foreach (var sentence in index.Sentences.OfChunk(chunk))
            {
                if (!seen.Add(sentence))
                {
                    continue;
                }

                var text = index.SentenceText(sentence).Trim();
                if (IsAnswerSentence(text))
                {
                    var features = this.RawFeatures(index, evidence, query, sentence, text, passage, p, passageSpecific);
                    candidates.Add(new SentenceCandidate(sentence, p + 1, passage, text, features, 0) { Preceding = Preceding(index, sentence, text, passage) });
                }
            }
        }

        // Gaps say how far a sentence is behind the best candidate of this question, which a raw cosine cannot: cosines
        // of one question are comparable with each other, not with another question's.
        if (candidates.Count > 0)
        {
            var bestMeaning = candidates.Max(c => c.Features[Index(ReaderFeatures.Meaning)]);
            var bestTerms = candidates.Max(c => c.Features[Index(ReaderFeatures.Terms)]);
            foreach (var c in candidates)
            {
                c.Features[Index(ReaderFeatures.MeaningGap)] = c.Features[Index(ReaderFeatures.Meaning)] - bestMeaning;
                c.Features[Index(ReaderFeatures.TermsGap)] = c.Features[Index(ReaderFeatures.Terms)] - bestTerms;
            }
        }

        var specificTotal = profile.SpecificTerms.Count;
        return new ReaderEvidence(
            profile,
            candidates,
            specificTotal == 0 ? 1 : Math.Min(1, (double)specificAnywhere.Count / specificTotal),
            evidence.UnknownShare)
        {
            QuestionGroups = evidence.Groups,
        };
    }

    /// <summary>Weighs <paramref name="evidence"/> with <paramref name="readerModel"/>: candidates ranked, the best one's confidence.</summary>
    public static ReaderResult Decide(ReaderEvidence evidence, ReaderModel readerModel)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(readerModel);
        var scored = evidence.Candidates
            .Select(c => c with { Probability = readerModel.Ranker.Probability(c.Features) })
            .OrderByDescending(c => c.Probability)
            .ThenBy(c => c.Source)
            .ToList();
        var decision = QuestionFeatures(evidence, scored);
        return new ReaderResult(evidence.Profile, scored, decision, scored.Count == 0 ? 0 : readerModel.Confidence.Probability(decision))
        {
            QuestionGroups = evidence.QuestionGroups,
        };
    }

    /// <summary>The <see cref="ReaderFeatures.QuestionNames"/> values for candidates ranked best first.</summary>
    public static double[] QuestionFeatures(ReaderEvidence evidence, IReadOnlyList<SentenceCandidate> ranked)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(ranked);
        var decision = new double[ReaderFeatures.QuestionNames.Count];
        decision[QuestionIndex(ReaderFeatures.SpecificAnywhere)] = evidence.SpecificAnywhere;
        decision[QuestionIndex(ReaderFeatures.UnknownTerms)] = evidence.UnknownTerms;
        decision[QuestionIndex(ReaderFeatures.AsksForType)] = evidence.Profile.Type == AnswerType.None ? 0 : 1;
        if (ranked.Count == 0)
        {
            return decision;
        }

        var best = ranked[0];
        decision[QuestionIndex(ReaderFeatures.BestProbability)] = best.Probability;
        decision[QuestionIndex(ReaderFeatures.Margin)] = ranked.Count > 1 ? best.Probability - ranked[1].Probability : best.Probability;
        decision[QuestionIndex(ReaderFeatures.BestMeaning)] = best.Features[Index(ReaderFeatures.Meaning)];
        decision[QuestionIndex(ReaderFeatures.BestTerms)] = best.Features[Index(ReaderFeatures.Terms)];
        decision[QuestionIndex(ReaderFeatures.BestSpecific)] = best.Features[Index(ReaderFeatures.Specific)];
        decision[QuestionIndex(ReaderFeatures.BestSpecificInPassage)] = best.Features[Index(ReaderFeatures.SpecificInPassage)];
        decision[QuestionIndex(ReaderFeatures.BestHasAskedType)] = best.Features[Index(ReaderFeatures.HasAskedType)];
        return decision;
    }

    /// <summary>Position of a sentence feature in <see cref="SentenceCandidate.Features"/>.</summary>
    public static int Index(string feature) => IndexOf(ReaderFeatures.SentenceNames, feature);

    /// <summary>Position of a question feature in <see cref="ReaderResult.QuestionFeatures"/>.</summary>
    public static int QuestionIndex(string feature) => IndexOf(ReaderFeatures.QuestionNames, feature);

    // A sentence that opens with a pronoun is read with the one before it, when its passage holds that one too.
    private static string? Preceding(CorpusIndex index, int sentence, string text, RetrievedChunk passage)
    {
        var previous = index.Sentences.Previous(sentence);
        if (previous < 0 || !PronounOpening().IsMatch(text))
        {
            return null;
        }

        var span = index.Sentences.Span(previous);
        return span.Start >= passage.Chunk.Start && span.End <= passage.Chunk.End ? index.SentenceText(previous).Trim() : null;
    }

    /// <summary>Headings, bylines and fragments are never answers.</summary>
    internal static bool IsAnswerSentence(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words >= MinWords && !(text.EndsWith('?') && words < 10);
    }

    private static int IndexOf(IReadOnlyList<string> names, string feature)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], feature, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(feature), feature, "Unknown reader feature.");
    }

    private double[] RawFeatures(
        CorpusIndex index, QuestionEvidence evidence, float[]? query, int sentence, string text, RetrievedChunk passage, int rank, double passageSpecific)
    {
        var features = new double[ReaderFeatures.SentenceNames.Count];
        var sentenceTerms = evidence.TermSet(text);
        var previous = index.Sentences.Previous(sentence);
        var next = index.Sentences.Next(sentence);
        var contextTerms = new HashSet<string>(sentenceTerms, StringComparer.Ordinal);
        foreach (var neighbour in new[] { previous, next })
        {
            if (neighbour >= 0)
            {
                contextTerms.UnionWith(evidence.TermSet(index.SentenceText(neighbour)));
            }
        }

        if (query is not null)
        {
            features[Index(ReaderFeatures.Meaning)] = index.Embeddings.Similarity(query, index.SentenceRow(sentence));
            features[Index(ReaderFeatures.MeaningInContext)] = ContextSimilarity(index, query, sentence, previous, next);
        }

        features[Index(ReaderFeatures.Terms)] = evidence.TermShare(sentenceTerms);
        features[Index(ReaderFeatures.TermsInContext)] = evidence.TermShare(contextTerms);
        features[Index(ReaderFeatures.Specific)] = evidence.SpecificShare(sentenceTerms);
        features[Index(ReaderFeatures.SpecificInPassage)] = passageSpecific;
        var typed = evidence.Profile.Type != AnswerType.None;
        var hasType = typed && evidence.StatesAskedType(text);
        features[Index(ReaderFeatures.HasAskedType)] = hasType ? 1 : 0;
        features[Index(ReaderFeatures.MissesAskedType)] = typed && !hasType ? 1 : 0;
        features[Index(ReaderFeatures.Novelty)] = evidence.Novelty(sentenceTerms);
        if (index.Embeddings.Dimensions > 0)
        {
            features[Index(ReaderFeatures.Centrality)] = index.Embeddings.Similarity(index.SentenceCentroid.Span, index.SentenceRow(sentence));
        }
        features[Index(ReaderFeatures.PassageScore)] = passage.Score;
        features[Index(ReaderFeatures.PassageRank)] = 1.0 / (1 + rank);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        features[Index(ReaderFeatures.Length)] = Math.Min(1, Math.Log(words) / Math.Log(60));
        return features;
    }

    // The sentence read with its neighbours: the normalised sum of the three vectors, so a sentence whose subject is
    // named in the sentence before ("It was founded in …") still meets a question that names it.
    private static double ContextSimilarity(CorpusIndex index, float[] query, int sentence, int previous, int next)
    {
        var sum = new float[index.Embeddings.Dimensions];
        index.Embeddings.AddRowTo(index.SentenceRow(sentence), sum);
        foreach (var neighbour in new[] { previous, next })
        {
            if (neighbour >= 0)
            {
                index.Embeddings.AddRowTo(index.SentenceRow(neighbour), sum);
            }
        }

        var norm = TensorPrimitives.Norm(sum);
        return norm == 0 ? 0 : TensorPrimitives.Dot(query, sum) / norm;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[“""‘']?(?:He|She|It|They|His|Her|Its|Their|This|These|Those|That|There)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PronounOpening();
}
