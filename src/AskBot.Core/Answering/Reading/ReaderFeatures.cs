namespace AskBot.Core.Answering.Reading;

/// <summary>
/// The evidence the reader weighs, by name. Sentence features describe one candidate sentence against the question;
/// question features describe the best candidate and the question as a whole, for the decision to answer or refuse.
/// Every feature lies in [0, 1] or [-1, 1], so the fitted weights compare.
/// </summary>
internal static class ReaderFeatures
{
    /// <summary>Cosine of the question and the sentence (embedding model).</summary>
    public const string Meaning = "meaning";

    /// <summary>The sentence's cosine minus the best candidate's (0 for the best).</summary>
    public const string MeaningGap = "meaningGap";

    /// <summary>Cosine of the question and the sentence read with its neighbours.</summary>
    public const string MeaningInContext = "meaningInContext";

    /// <summary>IDF-weighted share of the question's terms the sentence contains.</summary>
    public const string Terms = "terms";

    /// <summary>The same share over the sentence and its neighbours.</summary>
    public const string TermsInContext = "termsInContext";

    /// <summary>The sentence's term share minus the best candidate's.</summary>
    public const string TermsGap = "termsGap";

    /// <summary>Share of the question's names, numbers and years in the sentence (1 when it has none).</summary>
    public const string Specific = "specific";

    /// <summary>Share of the question's names, numbers and years in the sentence's passage.</summary>
    public const string SpecificInPassage = "specificInPassage";

    /// <summary>1 when the sentence states a thing of the kind asked (a name for who, a date for when …) that the question does not.</summary>
    public const string HasAskedType = "hasAskedType";

    /// <summary>1 when the question asks for a kind of thing but the sentence states none.</summary>
    public const string MissesAskedType = "missesAskedType";

    /// <summary>Share of the sentence's terms that the question does not already say.</summary>
    public const string Novelty = "novelty";

    /// <summary>Retrieval relevance of the sentence's passage (1 = best passage).</summary>
    public const string PassageScore = "passageScore";

    /// <summary>1 / (1 + retrieval rank of the passage).</summary>
    public const string PassageRank = "passageRank";

    /// <summary>Sentence length, log-scaled: 0 for one word, 1 for about 60.</summary>
    public const string Length = "length";

    /// <summary>Cosine of the sentence and the centre of the whole corpus: how much it is about what the corpus is about.</summary>
    public const string Centrality = "centrality";

    /// <summary>The ranker's probability for the best sentence.</summary>
    public const string BestProbability = "bestProbability";

    /// <summary>The best sentence's probability minus the second best's.</summary>
    public const string Margin = "margin";

    /// <summary>The best sentence's cosine with the question.</summary>
    public const string BestMeaning = "bestMeaning";

    /// <summary>The best sentence's term share.</summary>
    public const string BestTerms = "bestTerms";

    /// <summary>The best sentence's share of the question's names, numbers and years.</summary>
    public const string BestSpecific = "bestSpecific";

    /// <summary>The same share in the best sentence's passage.</summary>
    public const string BestSpecificInPassage = "bestSpecificInPassage";

    /// <summary>Share of the question's names, numbers and years found in any retrieved passage.</summary>
    public const string SpecificAnywhere = "specificAnywhere";

    /// <summary>IDF-weighted share of the question's terms the corpus never uses.</summary>
    public const string UnknownTerms = "unknownTerms";

    /// <summary>1 when the best sentence states a thing of the kind asked.</summary>
    public const string BestHasAskedType = "bestHasAskedType";

    /// <summary>1 when the question asks for a kind of thing.</summary>
    public const string AsksForType = "asksForType";

    /// <summary>Sentence features, in the order the ranker's weights follow.</summary>
    public static IReadOnlyList<string> SentenceNames { get; } =
    [
        Meaning, MeaningGap, MeaningInContext, Terms, TermsInContext, TermsGap, Specific, SpecificInPassage,
        HasAskedType, MissesAskedType, Novelty, PassageScore, PassageRank, Length, Centrality,
    ];

    /// <summary>Question features, in the order the confidence model's weights follow.</summary>
    public static IReadOnlyList<string> QuestionNames { get; } =
    [
        BestProbability, Margin, BestMeaning, BestTerms, BestSpecific, BestSpecificInPassage, SpecificAnywhere,
        UnknownTerms, BestHasAskedType, AsksForType,
    ];
}
