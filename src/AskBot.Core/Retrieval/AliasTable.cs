namespace AskBot.Core.Retrieval;

/// <summary>
/// Groups of names that the corpus itself declares equivalent (mined by <see cref="AliasMiner"/>), each form
/// stored as analyzed terms. Every group has a synthetic index term so that all its spellings count as one
/// BM25 term. Immutable.
/// </summary>
public sealed class AliasTable
{
    // Never produced by the tokenizer, which only emits letters and digits.
    private const string GroupTermPrefix = "~alias:";

    private readonly string[][][] groups;
    private readonly Dictionary<string, List<(string[] Form, int Group)>> byFirstTerm = new(StringComparer.Ordinal);

    public AliasTable(IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        this.groups = groups.Select(g => g.Select(f => f.ToArray()).ToArray()).ToArray();
        for (var g = 0; g < this.groups.Length; g++)
        {
            foreach (var form in this.groups[g])
            {
                if (form.Length == 0)
                {
                    continue;
                }

                if (!this.byFirstTerm.TryGetValue(form[0], out var list))
                {
                    list = [];
                    this.byFirstTerm[form[0]] = list;
                }

                list.Add((form, g));
            }
        }

        foreach (var list in this.byFirstTerm.Values)
        {
            // Longest form first so "north atlantic treaty organ" wins over a shorter form sharing its start.
            list.Sort((a, b) => b.Form.Length.CompareTo(a.Form.Length));
        }
    }

    /// <summary>A table without aliases.</summary>
    public static AliasTable Empty { get; } = new([]);

    /// <summary>Number of groups.</summary>
    public int Count => this.groups.Length;

    /// <summary>The synthetic index term of group <paramref name="group"/>.</summary>
    public static string GroupTerm(int group) => GroupTermPrefix + group.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True for terms made by <see cref="GroupTerm"/>.</summary>
    public static bool IsGroupTerm(string term) => term.StartsWith(GroupTermPrefix, StringComparison.Ordinal);

    /// <summary>The forms of a group, each as analyzed terms.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FormsOf(int group) => this.groups[group];

    /// <summary>Every one-term form (typically an acronym) with its group.</summary>
    public IEnumerable<(string Term, int Group)> SingleTermForms()
    {
        for (var g = 0; g < this.groups.Length; g++)
        {
            foreach (var form in this.groups[g])
            {
                if (form.Length == 1)
                {
                    yield return (form[0], g);
                }
            }
        }
    }

    /// <summary>Non-overlapping occurrences of alias forms, left to right, longest form first at each position.</summary>
    public IReadOnlyList<AliasMatch> FindMatches(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var matches = new List<AliasMatch>();
        var i = 0;
        while (i < terms.Count)
        {
            var matched = false;
            if (this.byFirstTerm.TryGetValue(terms[i], out var candidates))
            {
                foreach (var (form, group) in candidates)
                {
                    if (StartsAt(terms, i, form))
                    {
                        matches.Add(new AliasMatch(i, form.Length, group));
                        i += form.Length;
                        matched = true;
                        break;
                    }
                }
            }

            if (!matched)
            {
                i++;
            }
        }

        return matches;
    }

    /// <summary>The terms followed by one group term per alias occurrence, for indexing.</summary>
    public IReadOnlyList<string> Annotate(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var matches = this.FindMatches(terms);
        if (matches.Count == 0)
        {
            return terms;
        }

        var annotated = new List<string>(terms.Count + matches.Count);
        annotated.AddRange(terms);
        annotated.AddRange(matches.Select(m => GroupTerm(m.Group)));
        return annotated;
    }

    /// <summary>Writes the groups.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(this.groups.Length);
        foreach (var group in this.groups)
        {
            writer.Write(group.Length);
            foreach (var form in group)
            {
                writer.Write(form.Length);
                foreach (var term in form)
                {
                    writer.Write(term);
                }
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is inconsistent.</exception>
    public static AliasTable Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var groups = new List<IReadOnlyList<IReadOnlyList<string>>>();
        var groupCount = ReadCount(reader);
        for (var g = 0; g < groupCount; g++)
        {
            var forms = new List<IReadOnlyList<string>>();
            var formCount = ReadCount(reader);
            for (var f = 0; f < formCount; f++)
            {
                var terms = new string[ReadCount(reader)];
                for (var t = 0; t < terms.Length; t++)
                {
                    terms[t] = reader.ReadString();
                }

                forms.Add(terms);
            }

            groups.Add(forms);
        }

        return new AliasTable(groups);
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 1_000_000)
        {
            throw new InvalidDataException("Invalid count in alias data.");
        }

        return count;
    }

    private static bool StartsAt(IReadOnlyList<string> terms, int start, string[] form)
    {
        if (start + form.Length > terms.Count)
        {
            return false;
        }

        for (var j = 0; j < form.Length; j++)
        {
            if (!string.Equals(terms[start + j], form[j], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
