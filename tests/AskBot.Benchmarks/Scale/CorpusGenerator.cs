using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AskBot.Core.Corpus;

namespace AskBot.Benchmarks.Scale;

/// <summary>
/// Deterministic news-like corpus from the seeds: every article gets a headline, byline and date line in the seeds'
/// layout (so ArticleSplitter finds it) and 6–12 paragraphs of seed sentences, mostly from one seed article,
/// recombined, with proper nouns recast per article from a skewed pool of invented names (so the vocabulary keeps
/// growing with N, as a real archive's does) and figures and years redrawn.
/// </summary>
internal sealed partial class CorpusGenerator
{
    /// <summary>Articles per generated file (the seeds hold one to several articles per file).</summary>
    public const int ArticlesPerFile = 100;

    private const double RecastProbability = 0.6;
    private const double OtherSourceProbability = 0.2;

    private static readonly string[] Syllables =
    [
        "ka", "lo", "ven", "mar", "ti", "sa", "dor", "bel", "ri", "an", "to", "mi", "ras", "el", "gor", "ni", "va", "lin",
        "zu", "per", "os", "ha", "dem", "ur", "fa", "sel", "ko", "bra", "ne", "qui", "stan", "rov", "ez", "ba", "hir", "ol",
    ];

    private static readonly string[] Outlets =
    [
        "Reuters", "Associated Press", "BBC News", "The Daily Ledger", "Evening Courier", "Global Wire", "Metro Post",
        "The Observer Desk", "Northern Herald", "City Tribune", "World Report", "Capital Times",
    ];

    private static readonly string[] HeadlineTemplates =
    [
        "{0} says {1} was behind the {2} attack",
        "What we know about the attack in {2}",
        "{3} killed in {2} as {1} claims responsibility",
        "Explainer: who is {0} and what does {1} want?",
        "{2} mourns victims of concert hall shooting",
        "Investigators in {2} detain {3} suspects",
        "{1} threat grows across the region, officials warn",
        "How {1} rose from a regional affiliate to a global threat",
    ];

    // Capitalised words that are function words or calendar names rather than names to recast.
    private static readonly HashSet<string> KeepCapitalised = new(
    [
        "The", "A", "An", "In", "On", "At", "As", "But", "And", "Or", "He", "She", "It", "They", "We", "I", "His", "Her",
        "Its", "Their", "This", "That", "These", "Those", "After", "Before", "According", "However", "While", "When",
        "Where", "Who", "What", "Why", "How", "Since", "Some", "Many", "Most", "One", "Two", "Three", "Four", "Five",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December", "Mr", "Mrs", "Ms",
    ], StringComparer.Ordinal);

    private readonly IReadOnlyList<SourceArticle> sources;
    private readonly string[] names;

    private CorpusGenerator(IReadOnlyList<SourceArticle> sources, string[] names)
    {
        this.sources = sources;
        this.names = names;
    }

    /// <summary>Sentence pools per seed article, taken from the seeds' ingested chunks (boilerplate already dropped).</summary>
    public static CorpusGenerator FromSeeds(IngestionResult seeds, int seed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var texts = seeds.Documents.ToDictionary(d => d.DocId, d => d.Text, StringComparer.Ordinal);
        var sources = new List<SourceArticle>();
        foreach (var article in seeds.Chunks.GroupBy(c => (c.DocId, c.ArticleOrdinal)))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var sentences = new List<string>();
            foreach (var chunk in article)
            {
                foreach (var span in chunk.Sentences)
                {
                    var sentence = Whitespace().Replace(texts[chunk.DocId][span.Start..span.End], " ").Trim();
                    if (sentence.Length is >= 40 and <= 600 && sentence.Any(char.IsLower) && EndsLikeSentence(sentence) && seen.Add(sentence))
                    {
                        sentences.Add(sentence);
                    }
                }
            }

            if (sentences.Count >= 3)
            {
                sources.Add(new SourceArticle(sentences));
            }
        }

        if (sources.Count == 0)
        {
            throw new InvalidOperationException("The seeds yielded no usable sentences.");
        }

        // A fixed, shuffled pool of invented names; articles draw from it with a skew, so a few names are common.
        var random = new Random(seed ^ 0x5EED);
        var pool = new HashSet<string>(StringComparer.Ordinal);
        while (pool.Count < 20_000)
        {
            var count = random.Next(2, 4);
            var sb = new StringBuilder();
            for (var s = 0; s < count; s++)
            {
                sb.Append(Syllables[random.Next(Syllables.Length)]);
            }

            sb[0] = char.ToUpperInvariant(sb[0]);
            pool.Add(sb.ToString());
        }

        var names = pool.ToArray();
        random.Shuffle(names);
        return new CorpusGenerator(sources, names);
    }

    /// <summary>
    /// Writes <paramref name="articles"/> articles to <paramref name="folder"/> (<see cref="ArticlesPerFile"/> per file) and
    /// returns <paramref name="queryCount"/> questions drawn from random generated articles. Same seed, same bytes.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string folder, int articles, int queryCount, int seed, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var queryRandom = new Random(seed + 1);
        var wanted = new Dictionary<int, int>();
        for (var q = 0; q < queryCount; q++)
        {
            var article = queryRandom.Next(articles);
            wanted[article] = wanted.GetValueOrDefault(article) + 1;
        }

        var queries = new List<string>(queryCount);
        var file = new StringBuilder();
        for (var a = 0; a < articles; a++)
        {
            var (text, sentences) = this.Article(random);
            file.Append(text);
            for (var q = 0; q < wanted.GetValueOrDefault(a); q++)
            {
                queries.Add(Question(sentences[queryRandom.Next(sentences.Count)], queryRandom));
            }

            if ((a + 1) % ArticlesPerFile == 0 || a == articles - 1)
            {
                var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"gen_{a / ArticlesPerFile:D6}.txt"));
                await File.WriteAllTextAsync(path, file.ToString(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                file.Clear();
            }
        }

        // Queries come out in article order; shuffle (seeded) so timing is not correlated with position in the index.
        var shuffled = queries.ToArray();
        queryRandom.Shuffle(shuffled);
        return shuffled;
    }

    private (string Text, List<string> Sentences) Article(Random random)
    {
        var cast = new Dictionary<string, string>(StringComparer.Ordinal);
        var primary = this.sources[random.Next(this.sources.Count)];
        var sentences = new List<string>();
        var sb = new StringBuilder();

        var when = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(random.Next(11 * 365));
        var person = $"{this.Name(random)} {this.Name(random)}";
        sb.Append('\n');
        sb.Append(string.Format(
            CultureInfo.InvariantCulture,
            HeadlineTemplates[random.Next(HeadlineTemplates.Length)],
            person,
            this.Name(random).ToUpperInvariant()[..4],
            this.Name(random),
            random.Next(3, 400))).Append('\n');
        sb.Append(random.Next(3) switch
        {
            0 => Outlets[random.Next(Outlets.Length)],
            1 => $"{this.Name(random)} {this.Name(random)} - {Outlets[random.Next(Outlets.Length)]}",
            _ => $"{this.Name(random)} {this.Name(random)}",
        }).Append('\n');
        sb.Append(random.Next(4) == 0 ? "Updated " : string.Empty)
            .Append(when.ToString("ddd, MMMM d, yyyy", CultureInfo.InvariantCulture)).Append('\n');

        var paragraphs = random.Next(6, 13);
        for (var p = 0; p < paragraphs; p++)
        {
            var count = random.Next(1, 4);
            for (var s = 0; s < count; s++)
            {
                var from = random.NextDouble() < OtherSourceProbability ? this.sources[random.Next(this.sources.Count)] : primary;
                var sentence = this.Recast(from.Sentences[random.Next(from.Sentences.Count)], cast, random);
                sentences.Add(sentence);
                sb.Append(s == 0 ? string.Empty : " ").Append(sentence);
            }

            sb.Append('\n');
        }

        return (sb.ToString(), sentences);
    }

    private string Name(Random random)
    {
        // Cubing a uniform draw skews towards the front of the pool: a few names recur often, most rarely.
        var u = random.NextDouble();
        return this.names[(int)(u * u * u * this.names.Length)];
    }

    private string Recast(string sentence, Dictionary<string, string> cast, Random random)
    {
        var recast = CapitalisedWord().Replace(sentence, m =>
        {
            if (m.Index == 0 || KeepCapitalised.Contains(m.Value) || !char.IsWhiteSpace(sentence[m.Index - 1]))
            {
                return m.Value;
            }

            if (!cast.TryGetValue(m.Value, out var replacement))
            {
                replacement = random.NextDouble() < RecastProbability ? this.Name(random) : m.Value;
                cast[m.Value] = replacement;
            }

            return replacement;
        });
        return Number().Replace(recast, m => RedrawNumber(m.Value, random));
    }

    private static string RedrawNumber(string value, Random random)
    {
        var digits = value.Replace(",", string.Empty, StringComparison.Ordinal);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return value;
        }

        if (digits.Length == 4 && number is >= 1900 and <= 2099)
        {
            return random.Next(2000, 2026).ToString(CultureInfo.InvariantCulture);
        }

        var low = digits.Length == 1 ? 1 : (long)Math.Pow(10, digits.Length - 1);
        var drawn = random.NextInt64(low, low * 10);
        return value.Contains(',', StringComparison.Ordinal)
            ? drawn.ToString("#,##0", CultureInfo.InvariantCulture)
            : drawn.ToString(CultureInfo.InvariantCulture);
    }

    // A question over a window of a generated sentence; one in ten carries a typo (transposed letters) so the
    // fuzzy-matching path is exercised as real users would.
    private static string Question(string sentence, Random random)
    {
        var words = QueryWord().Matches(sentence).Select(m => m.Value).ToList();
        var length = Math.Min(words.Count, random.Next(3, 8));
        var start = random.Next(Math.Max(1, words.Count - length + 1));
        var window = words.GetRange(start, length);
        if (random.Next(10) == 0)
        {
            var longest = window.Select((w, i) => (w, i)).MaxBy(x => x.w.Length);
            if (longest.w.Length >= 6)
            {
                var chars = longest.w.ToCharArray();
                var at = random.Next(1, chars.Length - 2);
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                window[longest.i] = new string(chars);
            }
        }

        string[] openers = ["Who", "What happened when", "Where did", "How many", "When did", "Why did", "What is", "Tell me about"];
        return $"{openers[random.Next(openers.Length)]} {string.Join(' ', window)}?";
    }

    private static bool EndsLikeSentence(string s) => s[^1] is '.' or '!' or '?' or '"' or '”' or '’' or ')';

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b[A-Z][a-z]{2,}\b")]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex QueryWord();

    private sealed record SourceArticle(IReadOnlyList<string> Sentences);
}
