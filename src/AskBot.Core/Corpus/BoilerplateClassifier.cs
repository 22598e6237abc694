using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AskBot.Core.Corpus;

/// <summary>
/// Decides, line by line, what an article's body lines are: running text, headings, photo captions, embedded social posts,
/// or web-page boilerplate to drop. Only general rules about the shape of web pages are used, never lists of a corpus' lines.
/// </summary>
internal sealed partial class BoilerplateClassifier
{
    private const int MaxUiChromeWords = 6;
    private const int MaxHeadlineChars = 200;
    private const int MaxQuestionHeadingChars = 120;
    private const int MaxQuestionHeadingWords = 14;
    private const int MaxTitleCaseHeadingWords = 10;
    private const int MaxPostContinuationLines = 3;
    private const int MinLinkRunHeadlines = 2;

    // Vocabulary of page chrome: a short line made only of these words is navigation, not reporting.
    private static readonly FrozenSet<string> UiWords = FrozenSet.ToFrozenSet(
        [
            "a", "also", "an", "and", "are", "back", "bookmark", "button", "cancel", "click", "close", "closed", "comment",
            "comments", "content", "continue", "cookie", "cookies", "copy", "desktop", "e-mail", "email", "exit", "facebook",
            "follow", "for", "gallery", "here", "hide", "home", "in", "latest", "leave", "like", "link", "linkedin", "load",
            "log", "login", "main", "may", "menu", "might", "mobile", "more", "most", "news", "newsletter", "next", "no", "of",
            "on", "or", "page", "photos", "pinterest", "popular", "post", "posts", "prev", "previous", "print", "read",
            "reading", "recommended", "reddit", "register", "related", "replies", "reply", "save", "search", "see", "share",
            "shares", "sign", "skip", "sponsored", "stories", "story", "submit", "subscribe", "tags", "the", "this", "to",
            "top", "trending", "twitter", "up", "us", "version", "video", "videos", "view", "watch", "whatsapp", "you",
            "your", "article", "articles", "advertisement", "ad", "ads", "topics", "x",
        ],
        StringComparer.Ordinal);

    // At least one of these must be present, so that e.g. "No more" or "Up next" alone is not mistaken for chrome.
    private static readonly FrozenSet<string> StrongUiWords = FrozenSet.ToFrozenSet(
        [
            "advertisement", "bookmark", "button", "comment", "comments", "cookie", "cookies", "e-mail", "email", "facebook",
            "gallery", "linkedin", "login", "menu", "mobile", "newsletter", "photos", "pinterest", "print", "read", "reddit",
            "related", "replies", "reply", "share", "shares", "skip", "sponsored", "subscribe", "top", "trending",
            "twitter", "video", "videos", "watch", "whatsapp", "recommended", "tags",
        ],
        StringComparer.Ordinal);

    // Words a headline leaves in lower case; everything else in a Title Case heading starts upper case.
    private static readonly FrozenSet<string> MinorTitleWords = FrozenSet.ToFrozenSet(
        ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "per", "the", "to", "vs", "via", "with"],
        StringComparer.Ordinal);

    /// <summary>Classifies the (non-blank, trimmed) body lines of one article. The result has one kind per line.</summary>
    /// <param name="text">The document text the spans point into.</param>
    /// <param name="lines">The article's body lines in order, header lines excluded.</param>
    public IReadOnlyList<LineKind> Classify(string text, IReadOnlyList<TextSpan> lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lines);
        var values = lines.Select(l => l.Slice(text)).ToArray();
        var kinds = new LineKind?[values.Length];

        for (var i = 0; i < values.Length; i++)
        {
            if (TryParseSourceCredit(values[i], out _))
            {
                kinds[i] = LineKind.SourceCredit;
            }
            else if (IsStandaloneBoilerplate(values[i]))
            {
                kinds[i] = LineKind.Boilerplate;
            }
        }

        MarkSocialPosts(values, kinds);

        for (var i = 0; i < values.Length; i++)
        {
            if (kinds[i] is null && IsCreditedCaption(values[i]))
            {
                kinds[i] = LineKind.Caption;
            }
        }

        MarkLinkRuns(values, kinds);
        MarkOrphans(values, kinds);

        var result = new LineKind[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = kinds[i] ?? ClassifyContent(values[i]);
        }

        return result;
    }

    /// <summary>True for a whole-line date such as "Mon, March 25, 2024", "Updated March 25, 2024 10:02 AM" or "2024-03-25".</summary>
    public static bool IsDateLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Length <= 80 && DateLineRegex().IsMatch(line.Trim());
    }

    /// <summary>
    /// True for a copyright or syndication line ("c.2024 The New York Times Company", "This story was originally published by Reuters.").
    /// <paramref name="outlet"/> is the outlet it names, without corporate suffixes, or null when it names none.
    /// </summary>
    public static bool TryParseSourceCredit(string line, out string? outlet)
    {
        ArgumentNullException.ThrowIfNull(line);
        outlet = null;
        var value = line.Trim();
        if (value.Length > 160)
        {
            return false;
        }

        var match = CopyrightRegex().Match(value);
        if (!match.Success)
        {
            match = OriginallyPublishedRegex().Match(value);
        }

        if (!match.Success)
        {
            return false;
        }

        var rest = AllRightsReservedRegex().Replace(match.Groups["rest"].Value, string.Empty).Trim().TrimEnd('.', ',', ';', ' ');
        rest = CorporateSuffixRegex().Replace(rest, string.Empty).Trim();
        outlet = rest.Length > 0 ? rest : null;
        return true;
    }

    /// <summary>True for a line that is page chrome on its own: share/comment/navigation words, comment-form prompts, gallery labels.</summary>
    public static bool IsStandaloneBoilerplate(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var value = line.Trim();
        return IsUiChrome(value) || FormPromptRegex().IsMatch(value) || MediaLabelRegex().IsMatch(value);
    }

    /// <summary>True for the attribution line that closes an embedded post, e.g. "— Name (@handle) March 23, 2024".</summary>
    public static bool IsSocialAttribution(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return SocialAttributionRegex().IsMatch(line.Trim());
    }

    /// <summary>True when a line holds a link to a social-media post or its picture (pic.twitter.com, t.co, /status/).</summary>
    public static bool ContainsPostLink(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return PostLinkRegex().IsMatch(line);
    }

    /// <summary>True when the line ends like a sentence or clause (., !, ?, …, :, ;, ",") possibly followed by closing quotes or brackets.</summary>
    internal static bool EndsWithPunctuation(string value)
    {
        var end = value.Length;
        while (end > 0 && IsClosingMark(value[end - 1]))
        {
            end--;
        }

        if (end < value.Length && end > 0 && char.IsLetterOrDigit(value[end - 1]))
        {
            // A quoted or bracketed phrase closes the line; only a terminal mark before the closer counts.
            return false;
        }

        return end > 0 && value[end - 1] is '.' or '!' or '?' or '…' or ':' or ';' or ',';
    }

    internal static int CountWords(string value) =>
        value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    internal static bool StartsUpperOrDigit(string value) =>
        value.Length > 0 && (char.IsUpper(value[0]) || char.IsDigit(value[0]));

    /// <summary>A short unpunctuated line that reads like a headline or caption (not running text).</summary>
    internal static bool IsOpenHeadline(string value) =>
        value.Length <= MaxHeadlineChars && StartsUpperOrDigit(value) && char.IsLetterOrDigit(value[^1]);

    /// <summary>A short question line starting with a capital, the shape of a question-style subheading.</summary>
    internal static bool IsQuestionHeadline(string value) =>
        value.Length <= MaxQuestionHeadingChars
        && StartsUpperOrDigit(value)
        && value.EndsWith('?')
        && CountWords(value) <= MaxQuestionHeadingWords;

    private static LineKind ClassifyContent(string value)
    {
        if (IsQuestionHeadline(value))
        {
            return LineKind.Heading;
        }

        if (IsOpenHeadline(value))
        {
            return IsTitleCase(value) ? LineKind.Heading : LineKind.Caption;
        }

        return LineKind.Body;
    }

    private static bool IsUiChrome(string value)
    {
        var words = WordRegex().Matches(value);
        if (words.Count == 0)
        {
            // Rules, separators and icon-only lines ("***", "|", "—") carry no text.
            return true;
        }

        if (words.Count > MaxUiChromeWords)
        {
            return false;
        }

        var strong = false;
        foreach (Match word in words)
        {
            var lower = word.Value.ToLowerInvariant();
            if (!UiWords.Contains(lower))
            {
                return false;
            }

            strong |= StrongUiWords.Contains(lower);
        }

        return strong;
    }

    private static bool IsCreditedCaption(string value) =>
        TrailingCreditRegex().IsMatch(value)
        || PipeCreditRegex().IsMatch(value)
        || LeadingCaptionRegex().IsMatch(value)
        || TrailingPhotoLabelRegex().IsMatch(value);

    private static bool IsTitleCase(string value)
    {
        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > MaxTitleCaseHeadingWords)
        {
            return false;
        }

        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i].TrimStart('"', '\'', '“', '‘', '(', '[');
            if (word.Length == 0 || !char.IsLetter(word[0]))
            {
                continue;
            }

            if (i > 0 && MinorTitleWords.Contains(word.ToLowerInvariant()))
            {
                continue;
            }

            if (!char.IsUpper(word[0]))
            {
                return false;
            }
        }

        return true;
    }

    private static void MarkSocialPosts(string[] values, LineKind?[] kinds)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (kinds[i] is null && IsSocialAttribution(values[i]))
            {
                kinds[i] = LineKind.SocialPost;

                // The line right above an attribution is the post's text, whatever it looks like.
                var k = i - 1;
                if (k >= 0 && kinds[k] is null && !IsSocialAttribution(values[k]))
                {
                    kinds[k] = LineKind.SocialPost;
                    MarkPostContinuation(values, kinds, k - 1);
                }
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (ContainsPostLink(values[i]) && kinds[i] is null or LineKind.SocialPost)
            {
                kinds[i] = LineKind.SocialPost;
                MarkPostContinuation(values, kinds, i - 1);
            }
        }
    }

    private static void MarkPostContinuation(string[] values, LineKind?[] kinds, int from)
    {
        // Multi-line posts: earlier lines belong to the post while they look like post text rather than article prose.
        for (var k = from; k >= 0 && from - k < MaxPostContinuationLines; k--)
        {
            if (kinds[k] is not null || IsSocialAttribution(values[k]) || !LooksLikePostText(values[k]))
            {
                return;
            }

            kinds[k] = LineKind.SocialPost;
        }
    }

    private static bool LooksLikePostText(string value) =>
        ContainsPostLink(value)
        || HashtagOrMentionRegex().IsMatch(value)
        || StartsWithSymbol(value)
        || value.EndsWith(',');

    private static bool StartsWithSymbol(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (char.IsSurrogate(value[0]))
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(value[0]);
        return category is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol or UnicodeCategory.ModifierSymbol;
    }

    private static void MarkLinkRuns(string[] values, LineKind?[] kinds)
    {
        // Consecutive unpunctuated headlines are a "related articles" list; one such line on its own is a caption.
        var i = 0;
        while (i < values.Length)
        {
            if (!IsRunCandidate(values[i], kinds[i]))
            {
                i++;
                continue;
            }

            var end = i;
            var headlines = 0;
            while (end < values.Length && IsRunCandidate(values[end], kinds[end]))
            {
                if (IsOpenHeadline(values[end]))
                {
                    headlines++;
                }

                end++;
            }

            if (headlines >= MinLinkRunHeadlines)
            {
                for (var k = i; k < end; k++)
                {
                    kinds[k] = LineKind.Boilerplate;
                }
            }

            i = end;
        }
    }

    private static bool IsRunCandidate(string value, LineKind? kind) =>
        kind is null && (IsOpenHeadline(value) || IsQuestionHeadline(value));

    private static void MarkOrphans(string[] values, LineKind?[] kinds)
    {
        // A lone headline-like line wedged among dropped lines (e.g. a syndication note in the footer) is footer too.
        for (var i = 0; i < values.Length; i++)
        {
            if (kinds[i] is not null || !IsOpenHeadline(values[i]))
            {
                continue;
            }

            LineKind? previous = i > 0 ? kinds[i - 1] ?? LineKind.Body : null;
            LineKind? next = i + 1 < values.Length ? kinds[i + 1] ?? LineKind.Body : null;
            var previousDropped = previous is LineKind.Boilerplate or LineKind.SourceCredit;
            var nextDropped = next is LineKind.Boilerplate or LineKind.SourceCredit;
            if ((previousDropped || previous is null) && (nextDropped || next is null) && (previousDropped || nextDropped))
            {
                kinds[i] = LineKind.Boilerplate;
            }
        }
    }

    private static bool IsClosingMark(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»';

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex WordRegex();

    [GeneratedRegex(
        @"^(?:(?:last\s+)?(?:updated|published|posted)\s*:?\s*(?:on\s+)?)?"
        + @"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?,?\s+)?"
        + @"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
        + @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
        + @"|\d{4}-\d{2}-\d{2})"
        + @"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLineRegex();

    [GeneratedRegex(
        @"^(?:c\.\s*|©\s*|\(c\)\s*|copyright\s*(?:©\s*|\(c\)\s*)?)\d{4}(?:\s*[-–]\s*\d{2,4})?\s*,?\s*(?<rest>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CopyrightRegex();

    [GeneratedRegex(
        @"^(?:this\s+(?:story|article|report|piece|post|content)\s+)?(?:was\s+|is\s+|has\s+been\s+|first\s+)?originally\s+(?:published|posted|appeared|ran)\s+(?:by|in|on|at)\s+(?<rest>.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginallyPublishedRegex();

    [GeneratedRegex(@"\.?\s*all rights reserved\.?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllRightsReservedRegex();

    [GeneratedRegex(@",?\s+(?:company|co\.?|inc\.?|llc|ltd\.?|corp\.?|corporation|plc)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CorporateSuffixRegex();

    [GeneratedRegex(
        @"your email address will not be published|required fields are marked|save my name,? email|this site uses akismet"
        + @"|notify me of (?:new|follow-up) (?:comments|posts)|you must be logged in to|sign up for (?:our|the) newsletter"
        + @"|^all rights reserved\.?$|^click here to|^(?:accept|manage) cookies",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FormPromptRegex();

    [GeneratedRegex(
        @"^(?:photos?|pictures?|images?|videos?|watch|gallery|slideshow|listen|audio|podcast|read more|read also|also read|see also|more|related|recommended|live|in pictures)\s*:\s*[^.!]{1,120}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MediaLabelRegex();

    [GeneratedRegex(@"^[—–\-]{1,2}\s*\S.{0,120}\(@\w{1,30}\)(?:\s+.{0,40})?$", RegexOptions.CultureInvariant)]
    private static partial Regex SocialAttributionRegex();

    [GeneratedRegex(@"pic\.twitter\.com/\w+|\bt\.co/\w+|(?:twitter|x)\.com/\w+/status/\d+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostLinkRegex();

    [GeneratedRegex(@"(?:^|\s)[#@]\w")]
    private static partial Regex HashtagOrMentionRegex();

    [GeneratedRegex(
        @"\((?:[^()]*\b(?:photo|photograph|image|picture|credit|illustration)s?\b[^()]*|[^()/]{2,80}/[^()]{1,80}[^().])\)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingCreditRegex();

    [GeneratedRegex(@"\s\|\s*(?:[^|/]{2,80}/[^|]{2,120}|(?:photo|image|picture|credit)\b[^|]{0,120})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PipeCreditRegex();

    [GeneratedRegex(
        @"^(?:editors?'?s?\s+note|file\s+photo|photo|photograph|image|picture|illustration|caption)\b\s*(?::|of\b|by\b|shows\b|courtesy\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingCaptionRegex();

    [GeneratedRegex(@"\b(?:photo|image|picture|credit)s?\s*:\s*[^.:]{2,80}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingPhotoLabelRegex();
}
