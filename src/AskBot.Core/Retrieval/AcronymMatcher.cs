namespace AskBot.Core.Retrieval;

/// <summary>
/// Decides whether an acronym plausibly abbreviates a name, after Schwartz and Hearst (2003): the acronym's
/// letters must occur in order in the name, scanning right to left, with its first letter starting a word.
/// </summary>
internal static class AcronymMatcher
{
    /// <summary>
    /// True when <paramref name="text"/> has the shape of an acronym: 2–10 letters or digits (hyphens allowed),
    /// at least two capitals and mostly capitals ("ACME-K", "NATO", "CSIS"; not "Atlantic").
    /// </summary>
    public static bool IsAcronymShaped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = 0;
        var upper = 0;
        var alnum = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }
            }

            if (char.IsLetterOrDigit(c))
            {
                alnum++;
            }
            else if (c is not ('-' or '\u2010' or '\u2011'))
            {
                return false;
            }
        }

        return alnum is >= 2 and <= 10 && upper >= 2 && upper * 10 >= letters * 6 && char.IsLetter(text[0]);
    }

    /// <summary>Letters and digits of an acronym, lowercased ("ACME-K" → "acmek").</summary>
    public static string Letters(string acronym)
    {
        ArgumentNullException.ThrowIfNull(acronym);
        return string.Concat(acronym.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
    }

    /// <summary>
    /// Start offset in <paramref name="name"/> of the shortest suffix that <paramref name="acronym"/> abbreviates,
    /// or -1. Only letters and digits of the acronym count.
    /// </summary>
    public static int FindLongFormStart(string acronym, string name)
    {
        ArgumentNullException.ThrowIfNull(acronym);
        ArgumentNullException.ThrowIfNull(name);
        var shortForm = Letters(acronym);
        if (shortForm.Length == 0)
        {
            return -1;
        }

        var longForm = name.ToLowerInvariant();
        var s = shortForm.Length - 1;
        var l = longForm.Length - 1;
        while (s >= 0)
        {
            var c = shortForm[s];
            while (l >= 0 && (longForm[l] != c || (s == 0 && l > 0 && char.IsLetterOrDigit(longForm[l - 1]))))
            {
                l--;
            }

            if (l < 0)
            {
                return -1;
            }

            l--;
            s--;
        }

        return l + 1;
    }

    /// <summary>True when the acronym abbreviates the whole of <paramref name="name"/> or a suffix of it.</summary>
    public static bool Abbreviates(string acronym, string name) => FindLongFormStart(acronym, name) >= 0;

    /// <summary>
    /// Looser test for names the text explicitly calls aliases ("also known as NATO"): the acronym, or its
    /// beginning of at least 60% (trailing letters may stand for words the name leaves out, as in "Province"),
    /// abbreviates <paramref name="name"/>, starting at the name's first letter.
    /// </summary>
    public static bool PlausiblyAbbreviates(string acronym, string name)
    {
        ArgumentNullException.ThrowIfNull(acronym);
        ArgumentNullException.ThrowIfNull(name);
        var letters = Letters(acronym);
        var firstLetter = name.FirstOrDefault(char.IsLetterOrDigit);
        if (letters.Length < 2 || char.ToLowerInvariant(firstLetter) != letters[0])
        {
            return false;
        }

        var minimum = Math.Max(2, (int)Math.Ceiling(letters.Length * 0.6));
        for (var length = letters.Length; length >= minimum; length--)
        {
            if (FindLongFormStart(letters[..length], name) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
