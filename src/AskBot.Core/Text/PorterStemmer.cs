namespace AskBot.Core.Text;

/// <summary>
/// The classic Porter (1980) suffix-stripping stemmer for lowercase English words. Pure and allocation-light;
/// callers decide which tokens are worth stemming.
/// </summary>
internal static class PorterStemmer
{
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
        ("logi", "log"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", string.Empty), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
        ("ful", string.Empty), ("ness", string.Empty),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
        "ism", "ate", "iti", "ous", "ive", "ize",
    ];

    /// <summary>Stems a lowercase ASCII-letter word; other words are returned unchanged.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 2 || !IsAsciiLower(word))
        {
            return word;
        }

        var w = word.ToCharArray();
        var k = w.Length;

        k = Step1A(w, k);
        k = Step1B(w, k);
        k = Step1C(w, k);
        k = ApplyRules(w, k, Step2Rules, minMeasure: 1);
        k = ApplyRules(w, k, Step3Rules, minMeasure: 1);
        k = Step4(w, k);
        k = Step5(w, k);
        return new string(w, 0, k);
    }

    private static bool IsAsciiLower(string word)
    {
        foreach (var c in word)
        {
            if (c < 'a' || c > 'z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsConsonant(char[] w, int i)
    {
        switch (w[i])
        {
            case 'a':
            case 'e':
            case 'i':
            case 'o':
            case 'u':
                return false;
            case 'y':
                return i == 0 || !IsConsonant(w, i - 1);
            default:
                return true;
        }
    }

    // Number of VC sequences in w[0..len).
    private static int Measure(char[] w, int len)
    {
        var m = 0;
        var i = 0;
        while (i < len && IsConsonant(w, i))
        {
            i++;
        }

        while (i < len)
        {
            while (i < len && !IsConsonant(w, i))
            {
                i++;
            }

            if (i >= len)
            {
                break;
            }

            while (i < len && IsConsonant(w, i))
            {
                i++;
            }

            m++;
        }

        return m;
    }

    private static bool HasVowel(char[] w, int len)
    {
        for (var i = 0; i < len; i++)
        {
            if (!IsConsonant(w, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithDoubleConsonant(char[] w, int len)
        => len >= 2 && w[len - 1] == w[len - 2] && IsConsonant(w, len - 1);

    // cvc where the final c is not w, x or y.
    private static bool EndsCvc(char[] w, int len)
    {
        if (len < 3 || !IsConsonant(w, len - 1) || IsConsonant(w, len - 2) || !IsConsonant(w, len - 3))
        {
            return false;
        }

        var c = w[len - 1];
        return c != 'w' && c != 'x' && c != 'y';
    }

    private static bool EndsWith(char[] w, int len, string suffix)
    {
        if (suffix.Length > len)
        {
            return false;
        }

        var offset = len - suffix.Length;
        for (var i = 0; i < suffix.Length; i++)
        {
            if (w[offset + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int Replace(char[] w, int len, string suffix, string replacement)
    {
        var stemLen = len - suffix.Length;
        for (var i = 0; i < replacement.Length; i++)
        {
            w[stemLen + i] = replacement[i];
        }

        return stemLen + replacement.Length;
    }

    private static int Step1A(char[] w, int k)
    {
        if (EndsWith(w, k, "sses"))
        {
            return k - 2;
        }

        if (EndsWith(w, k, "ies"))
        {
            return k - 2;
        }

        if (EndsWith(w, k, "ss"))
        {
            return k;
        }

        return EndsWith(w, k, "s") ? k - 1 : k;
    }

    private static int Step1B(char[] w, int k)
    {
        if (EndsWith(w, k, "eed"))
        {
            return Measure(w, k - 3) > 0 ? k - 1 : k;
        }

        int stemLen;
        if (EndsWith(w, k, "ed") && HasVowel(w, k - 2))
        {
            stemLen = k - 2;
        }
        else if (EndsWith(w, k, "ing") && HasVowel(w, k - 3))
        {
            stemLen = k - 3;
        }
        else
        {
            return k;
        }

        k = stemLen;
        if (EndsWith(w, k, "at") || EndsWith(w, k, "bl") || EndsWith(w, k, "iz"))
        {
            w[k] = 'e';
            return k + 1;
        }

        if (EndsWithDoubleConsonant(w, k))
        {
            var c = w[k - 1];
            return c is 'l' or 's' or 'z' ? k : k - 1;
        }

        if (Measure(w, k) == 1 && EndsCvc(w, k))
        {
            w[k] = 'e';
            return k + 1;
        }

        return k;
    }

    private static int Step1C(char[] w, int k)
    {
        if (EndsWith(w, k, "y") && HasVowel(w, k - 1))
        {
            w[k - 1] = 'i';
        }

        return k;
    }

    private static int ApplyRules(char[] w, int k, (string Suffix, string Replacement)[] rules, int minMeasure)
    {
        foreach (var (suffix, replacement) in rules)
        {
            if (EndsWith(w, k, suffix))
            {
                return Measure(w, k - suffix.Length) >= minMeasure ? Replace(w, k, suffix, replacement) : k;
            }
        }

        return k;
    }

    private static int Step4(char[] w, int k)
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!EndsWith(w, k, suffix))
            {
                continue;
            }

            var stemLen = k - suffix.Length;
            if (Measure(w, stemLen) <= 1)
            {
                return k;
            }

            if (suffix == "ion" && (stemLen == 0 || (w[stemLen - 1] != 's' && w[stemLen - 1] != 't')))
            {
                return k;
            }

            return stemLen;
        }

        return k;
    }

    private static int Step5(char[] w, int k)
    {
        if (EndsWith(w, k, "e"))
        {
            var m = Measure(w, k - 1);
            if (m > 1 || (m == 1 && !EndsCvc(w, k - 1)))
            {
                k--;
            }
        }

        if (k > 1 && w[k - 1] == 'l' && EndsWithDoubleConsonant(w, k) && Measure(w, k) > 1)
        {
            k--;
        }

        return k;
    }
}
