namespace AskBot.Core.Retrieval;

/// <summary>Disjoint sets of strings, for merging alias pairs into groups in first-seen order.</summary>
internal sealed class UnionFind
{
    private readonly Dictionary<string, string> parent = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    public void Union(string a, string b)
    {
        var rootA = this.Find(a);
        var rootB = this.Find(b);
        if (!string.Equals(rootA, rootB, StringComparison.Ordinal))
        {
            this.parent[rootB] = rootA;
        }
    }

    public IReadOnlyList<IReadOnlyList<string>> Groups()
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var roots = new List<string>();
        foreach (var item in this.order)
        {
            var root = this.Find(item);
            if (!groups.TryGetValue(root, out var list))
            {
                list = [];
                groups[root] = list;
                roots.Add(root);
            }

            list.Add(item);
        }

        return roots.Select(r => (IReadOnlyList<string>)groups[r]).ToList();
    }

    private string Find(string item)
    {
        if (!this.parent.TryGetValue(item, out var p))
        {
            this.parent[item] = item;
            this.order.Add(item);
            return item;
        }

        while (!string.Equals(p, item, StringComparison.Ordinal))
        {
            var grandParent = this.parent[p];
            this.parent[item] = grandParent;
            item = p;
            p = grandParent;
        }

        return item;
    }
}
