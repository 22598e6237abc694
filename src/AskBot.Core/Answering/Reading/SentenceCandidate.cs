using AskBot.Core.Retrieval;

namespace AskBot.Core.Answering.Reading;

/// <summary>A sentence of a retrieved passage, weighed as the answer to a question.</summary>
/// <param name="Sentence">Its id in the index's <see cref="Indexing.SentenceIndex"/>.</param>
/// <param name="Source">1-based number of the passage it was read from (retrieval order).</param>
/// <param name="Passage">That passage.</param>
/// <param name="Text">The sentence, verbatim.</param>
/// <param name="Features">Its <see cref="ReaderFeatures.SentenceNames"/> values.</param>
/// <param name="Probability">The ranker's probability that it states the answer.</param>
internal sealed record SentenceCandidate(int Sentence, int Source, RetrievedChunk Passage, string Text, double[] Features, double Probability)
{
    /// <summary>
    /// The sentence before it, when it opens with a pronoun ("He appointed …") and so needs the sentence that says who
    /// or what it is; null otherwise or when no retrieved passage holds both.
    /// </summary>
    public string? Preceding { get; init; }

    /// <summary>What an answer with this sentence says: the preceding sentence, when needed, and the sentence.</summary>
    public string AnswerText => this.Preceding is null ? this.Text : this.Preceding + " " + this.Text;
}

/// <summary>What the reader made of a question: its candidates, best first, and its confidence in the best one.</summary>
/// <param name="Profile">The question's profile.</param>
/// <param name="Candidates">Candidate sentences, most probable first.</param>
/// <param name="QuestionFeatures">The <see cref="ReaderFeatures.QuestionNames"/> values.</param>
/// <param name="Confidence">The probability that answering with the best candidate is right (0 with no candidates).</param>
internal sealed record ReaderResult(QuestionProfile Profile, IReadOnlyList<SentenceCandidate> Candidates, double[] QuestionFeatures, double Confidence)
{
    /// <summary>Alias groups of the names the question spells.</summary>
    public IReadOnlySet<string> QuestionGroups { get; init; } = new HashSet<string>();
}

/// <summary>The evidence the reader gathered for a question, before a model weighs it.</summary>
/// <param name="Profile">The question's profile.</param>
/// <param name="Candidates">Candidate sentences in passage order, their features filled in, probabilities not yet.</param>
/// <param name="SpecificAnywhere">Share of the question's names, numbers and years found in any retrieved passage.</param>
/// <param name="UnknownTerms">IDF-weighted share of the question's terms the corpus never uses.</param>
internal sealed record ReaderEvidence(QuestionProfile Profile, IReadOnlyList<SentenceCandidate> Candidates, double SpecificAnywhere, double UnknownTerms)
{
    /// <summary>Alias groups of the names the question spells, so an answer never just renames what was asked about.</summary>
    public IReadOnlySet<string> QuestionGroups { get; init; } = new HashSet<string>();
}
