namespace HstFederation.Node.Storage;

/// <summary>
/// Which codes of an enum (HandlingCode, CrimeType) an agency may read: <see cref="All"/> (every code,
/// present and future) or exactly <see cref="Items"/>. The empty set is the default and allows nothing;
/// the "unspecified" value 0 is never a member, so a message without a code is readable only under All.
/// </summary>
internal sealed class ScopeSet<T> : IEquatable<ScopeSet<T>>
    where T : struct, Enum
{
    private ScopeSet(bool all, IEnumerable<T> items)
    {
        All = all;
        Items = new SortedSet<T>(items);
    }

    public static ScopeSet<T> None { get; } = new(false, []);

    public static ScopeSet<T> Everything { get; } = new(true, []);

    public bool All { get; }

    public IReadOnlySet<T> Items { get; }

    public bool IsNone => !All && Items.Count == 0;

    /// <summary>Exactly <paramref name="items"/>; the unspecified value (0) is refused.</summary>
    public static ScopeSet<T> Of(IEnumerable<T> items)
    {
        var list = items.ToList();
        if (list.Any(item => Convert.ToInt32(item, System.Globalization.CultureInfo.InvariantCulture) == 0 || !Enum.IsDefined(item)))
        {
            throw new ArgumentException($"A {typeof(T).Name} scope holds only defined, specified codes.", nameof(items));
        }

        return list.Count == 0 ? None : new ScopeSet<T>(false, list);
    }

    public bool Allows(T code) => All || Items.Contains(code);

    /// <summary>True when every one of <paramref name="codes"/> is allowed and there is at least one (or All).</summary>
    public bool AllowsEvery(IReadOnlyCollection<T> codes) => All || (codes.Count > 0 && codes.All(Items.Contains));

    public bool Equals(ScopeSet<T>? other) => other is not null && All == other.All && Items.SetEquals(other.Items);

    public override bool Equals(object? obj) => Equals(obj as ScopeSet<T>);

    public override int GetHashCode() => Items.Aggregate(All ? 1 : 0, (hash, item) => HashCode.Combine(hash, item));

    public override string ToString() => All ? "all" : IsNone ? "none" : string.Join(",", Items);
}
