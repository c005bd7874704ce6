namespace HstFederation.Hub.Products;

/// <summary>Union-find over 0..n-1; the representative of a set is always its smallest element (deterministic).</summary>
internal sealed class DisjointSets
{
    private readonly int[] _parent;

    public DisjointSets(int count)
    {
        _parent = Enumerable.Range(0, count).ToArray();
    }

    public int Find(int item)
    {
        var root = item;
        while (_parent[root] != root)
        {
            root = _parent[root];
        }

        while (_parent[item] != root)
        {
            (item, _parent[item]) = (_parent[item], root);
        }

        return root;
    }

    public void Union(int a, int b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
        if (rootA != rootB)
        {
            _parent[Math.Max(rootA, rootB)] = Math.Min(rootA, rootB);
        }
    }
}
