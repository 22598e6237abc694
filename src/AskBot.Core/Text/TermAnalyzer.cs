using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace AskBot.Core.Text;

/// <summary>
/// Turns text into comparable tokens and terms, shared by retrieval and the answerer so both agree on what
/// "the same word" means. Pure and thread-safe: lowercasing, Unicode folding, number normalisation, joined
/// forms of hyphenated acronyms (so "ACME-K" and "ACMEK" meet), English stopwords and a light stemmer.
/// </summary>
public sealed class TermAnalyzer
{
    // A hyphenated run of letter segments with a segment this short or shorter is treated as a name
    // ("ACME-K", "al-Andalus", "e-mail") and also emitted joined.
    private const int ShortSegmentMaxLength = 2;

    private static readonly FrozenSet<string> Stopwords = FrozenSet.ToFrozenSet(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
        "cannot", "could", "did", "do", "does", "doing", "down", "during", "each",
        "either", "else", "ever", "few", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "let", "may", "me", "might", "more", "most",
        "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
        "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon",
        "very", "was", "we", "were", "what", "whatever", "when", "whenever", "where",
        "whereas", "wherever", "whether", "which", "while", "who", "whoever", "whom", "whose", "why", "will",
        "with", "within", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
        "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt", "wouldnt", "shouldnt",
        "wont", "hasnt", "havent", "hadnt", "im", "ive", "id", "youre", "theyre", "thats", "whats", "whos",
        "tell", "please", "s", "t",
    ]);

    // Irregular past forms the suffix stemmer cannot reach; general English, not tied to any corpus.
    private static readonly FrozenDictionary<string, string> IrregularForms = new Dictionary<string, string>
    {
        ["led"] = "lead",
        ["fled"] = "flee",
        ["held"] = "hold",
        ["fought"] = "fight",
        ["caught"] = "catch",
        ["taught"] = "teach",
        ["brought"] = "bring",
        ["bought"] = "buy",
        ["thought"] = "think",
        ["sought"] = "seek",
        ["told"] = "tell",
        ["sold"] = "sell",
        ["took"] = "take",
        ["taken"] = "take",
        ["gave"] = "give",
        ["given"] = "give",
        ["went"] = "go",
        ["gone"] = "go",
        ["saw"] = "see",
        ["seen"] = "see",
        ["knew"] = "know",
        ["known"] = "know",
        ["wrote"] = "write",
        ["written"] = "write",
        ["began"] = "begin",
        ["begun"] = "begin",
        ["ran"] = "run",
        ["spoke"] = "speak",
        ["spoken"] = "speak",
        ["chose"] = "choos",
        ["chosen"] = "choos",
        ["stole"] = "steal",
        ["stolen"] = "steal",
        ["rose"] = "rise",
        ["risen"] = "rise",
        ["drove"] = "drive",
        ["driven"] = "drive",
        ["fell"] = "fall",
        ["fallen"] = "fall",
        ["struck"] = "strike",
        ["hid"] = "hide",
        ["hidden"] = "hide",
        ["won"] = "win",
        ["lost"] = "lose",
        ["met"] = "meet",
        ["sent"] = "send",
        ["spent"] = "spend",
        ["built"] = "build",
        ["said"] = "sai",
        ["says"] = "sai",
        ["made"] = "make",
        ["came"] = "come",
        ["became"] = "becom",
        ["men"] = "man",
        ["women"] = "woman",
        ["children"] = "child",
        ["people"] = "peopl",
        ["died"] = "die",
        ["dies"] = "die",
        ["dying"] = "die",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Lowercases, strips diacritics and folds typographic quotes and dashes to ASCII.</summary>
    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(FoldChar(c));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Lowercase word and number tokens in text order. Thousands separators are removed ("6,200" → "6200"),
    /// hyphenated words are split ("29-year-old" → "29", "year", "old") and a hyphenated name with a short
    /// segment is also emitted joined ("ACME-K" → "acme", "k", "acmek").
    /// </summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = this.Normalize(text);
        var tokens = new List<string>();
        var i = 0;
        while (i < normalized.Length)
        {
            if (!char.IsLetterOrDigit(normalized[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < normalized.Length)
            {
                var c = normalized[i];
                if (char.IsLetterOrDigit(c))
                {
                    i++;
                }
                else if (IsConnector(c) && i + 1 < normalized.Length && char.IsLetterOrDigit(normalized[i + 1]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            AddCompound(normalized.AsSpan(start, i - start), tokens);
        }

        return tokens;
    }

    /// <summary>Content terms: <see cref="Tokenize"/> without stopwords, each stemmed.</summary>
    public IReadOnlyList<string> Terms(string text)
    {
        var tokens = this.Tokenize(text);
        var terms = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            if (!this.IsStopword(token))
            {
                terms.Add(this.Stem(token));
            }
        }

        return terms;
    }

    /// <summary>True for English function words (question words and auxiliaries included) and single letters.</summary>
    public bool IsStopword(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 1 && char.IsLetter(token[0]))
        {
            return true;
        }

        return Stopwords.Contains(token);
    }

    /// <summary>
    /// Light English stem of a lowercase token: Porter, a few irregular verb forms, and agent nouns folded onto
    /// their verb ("leader" → "lead"). Tokens with digits are returned unchanged.
    /// </summary>
    public string Stem(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length <= 2)
        {
            return token;
        }

        if (IrregularForms.TryGetValue(token, out var irregular))
        {
            return irregular;
        }

        var stem = PorterStemmer.Stem(token);

        // Porter keeps "-er" on short stems ("leader"); folding agent nouns onto the verb lets "leads" find
        // "its leader". Only when the remaining stem ends in a consonant, so "career" or "pioneer" stay intact.
        if (stem.Length >= 6 && stem.EndsWith("er", StringComparison.Ordinal) && !IsVowel(stem[^3]))
        {
            stem = stem[..^2];
        }

        return stem;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static bool IsConnector(char c) => c is '-' or '\'' or ',' or '.';

    private static char FoldChar(char c)
    {
        switch (c)
        {
            case '\u2018':
            case '\u2019':
            case '\u201A':
            case '\u201B':
            case '\u2032':
            case '`':
            case '\u00B4':
                return '\'';
            case '\u201C':
            case '\u201D':
            case '\u201E':
            case '\u201F':
            case '\u2033':
            case '\u00AB':
            case '\u00BB':
                return '"';
            case '\u2010':
            case '\u2011':
            case '\u00AD':
                return '-';
            case '\u2012':
            case '\u2013':
            case '\u2014':
            case '\u2015':
            case '\u2212':
                // Dashes between words separate them ("attack—which"), unlike the hyphen inside a compound.
                return ' ';
            default:
                return char.ToLowerInvariant(c);
        }
    }

    private static void AddCompound(ReadOnlySpan<char> compound, List<string> tokens)
    {
        var segments = new List<string>();
        foreach (var range in compound.Split('-'))
        {
            AddSegment(compound[range], segments);
        }

        tokens.AddRange(segments);
        if (segments.Count < 2)
        {
            return;
        }

        var allLetters = true;
        var hasShort = false;
        foreach (var segment in segments)
        {
            allLetters &= IsAllLetters(segment);
            hasShort |= segment.Length <= ShortSegmentMaxLength;
        }

        if (allLetters && hasShort && segments.Count <= 4)
        {
            tokens.Add(string.Concat(segments));
        }
    }

    private static void AddSegment(ReadOnlySpan<char> segment, List<string> output)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        // Possessive "'s" carries no meaning; other apostrophes join the word ("don't" → "dont").
        if (segment.EndsWith("'s", StringComparison.Ordinal))
        {
            segment = segment[..^2];
        }

        var text = segment.ToString().Replace("'", string.Empty, StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return;
        }

        foreach (var commaPart in SplitNumberAware(text, ','))
        {
            foreach (var part in SplitNumberAware(commaPart, '.'))
            {
                if (part.Length > 0)
                {
                    output.Add(part);
                }
            }
        }
    }

    // "6,200" → "6200", "3.5" stays, "u.s" → "us"; anything else is split at the separator.
    private static IEnumerable<string> SplitNumberAware(string text, char separator)
    {
        if (!text.Contains(separator, StringComparison.Ordinal))
        {
            return [text];
        }

        var parts = text.Split(separator);
        if (separator == ',' && IsThousandsGrouped(parts))
        {
            return [string.Concat(parts)];
        }

        if (separator == '.')
        {
            if (parts.Length == 2 && IsAllDigits(parts[0]) && IsAllDigits(parts[1]) && parts[0].Length > 0 && parts[1].Length > 0)
            {
                return [text];
            }

            if (Array.TrueForAll(parts, p => p.Length == 1 && char.IsLetter(p[0])))
            {
                return [string.Concat(parts)];
            }
        }

        return parts;
    }

    private static bool IsThousandsGrouped(string[] parts)
    {
        if (parts[0].Length is 0 or > 3 || !IsAllDigits(parts[0]))
        {
            return false;
        }

        for (var p = 1; p < parts.Length; p++)
        {
            var last = p == parts.Length - 1;

            // The last group may carry a decimal part ("1,234.5").
            var group = last && parts[p].Contains('.', StringComparison.Ordinal) ? parts[p][..parts[p].IndexOf('.', StringComparison.Ordinal)] : parts[p];
            if (group.Length != 3 || !IsAllDigits(group))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllDigits(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllLetters(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
